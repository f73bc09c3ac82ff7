import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compiled } from '../../../lib/core/normalize/compiled-schema.ts';
import { flatReader, registeredLeaves } from '../../../lib/core/normalize/flat-reader.ts';
import { M365RecordSchema, optText } from '../../../lib/core/normalize/m365/record-schema.ts';
import { ElfBaseSchema } from '../../../lib/core/normalize/salesforce/elf-common.ts';
import { sfCount, sfText } from '../../../lib/core/normalize/salesforce/field-schemas.ts';
import { RtemBaseSchema } from '../../../lib/core/normalize/salesforce/rtem-common.ts';
import { elfReportRow, m365Download, rtemApiEvent, T0 } from '../../replay/vendor-fixtures.ts';

/**
 * Values a vendor (or an attacker writing into a vendor field) can put in a record field: every type JSON and CSV
 * give, edge numbers, numeric and blank strings, nested shapes. A hand reader weaker or stronger than its schema
 * on any of them fails here.
 */
const HOSTILE: unknown[] = [
  undefined, null, true, false, 0, -0, 1, -1, 7, 1.5, -2.5, 1e21, 2 ** 53, -(2 ** 53), 2 ** 53 - 1, Number.MAX_VALUE,
  Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY,
  '', ' ', '  x  ', 'text', '0', '-0', '12', ' 12 ', '-12', '+12', '1.0', '136.0', '1,234', '1e3', '0x10', '12abc', 'NaN',
  'Infinity', '9007199254740993', '\u00a012\u00a0', '\n7\t', 'é€😀',
  {}, { AADSessionId: 's-1' }, { AADSessionId: 5 }, { AADSessionId: undefined }, { other: 1 }, [], ['a'], [{ AADSessionId: 'x' }],
];

/** The reference: zod's verdict on `{ x: value }` (undefined when it refuses). */
function byZod(schema: z.ZodType, record: Record<string, unknown>): unknown {
  const r = schema.safeParse(record);
  return r.success ? r.data : undefined;
}

describe('flat-reader: every registered leaf reader is its schema', () => {
  const leaves = [...registeredLeaves().keys()];

  it('covers the leaves the hot record schemas are made of', () => {
    // sfText, sfNumber, sfCount, optText, optInt, strict text, any value, AppAccessContext.
    expect(leaves.length).toBeGreaterThanOrEqual(8);
    expect(leaves).toEqual(expect.arrayContaining([sfText, sfCount, optText]));
  });

  it.each(leaves.map((leaf, i) => [i, leaf] as const))('leaf #%i gives what zod gives, and refuses what zod refuses', (_, leaf) => {
    const schema = z.object({ x: leaf });
    const read = flatReader(schema)!;
    expect(read).toBeDefined();
    for (const value of HOSTILE) {
      const record = { x: value };
      const expected = byZod(schema, record);
      const got = read(record);
      expect(got, `value ${String(value)} (${typeof value})`).toStrictEqual(expected);
    }
    // A field absent from the record is absent from the view, as with zod.
    expect(read({ y: 1 })).toStrictEqual(byZod(schema, { y: 1 }));
  });
});

describe('flat-reader: record schemas', () => {
  const schemas: Array<[string, z.ZodType, Record<string, unknown>]> = [
    ['M365 record', M365RecordSchema, m365Download('a1', T0, 'x.docx')],
    ['ELF base row', ElfBaseSchema.extend({ ROWS_PROCESSED: sfCount }), elfReportRow(1, T0, 5)],
    ['RTEM base row', RtemBaseSchema, rtemApiEvent('ev-1', T0, 10)],
  ];

  it.each(schemas)('%s: read by hand, field by field equal to zod with any field made hostile', (_, schema, record) => {
    const read = flatReader(schema);
    expect(read).toBeDefined();
    expect(read!(record)).toStrictEqual(byZod(schema, record));
    let refused = 0;
    for (const key of [...Object.keys(record), 'Operation', 'UserId', 'USER_ID', 'AppAccessContext']) {
      for (const value of HOSTILE) {
        const hostile = { ...record, [key]: value };
        const expected = byZod(schema, hostile);
        if (expected === undefined) refused++;
        expect(read!(hostile), `${key} = ${String(value)}`).toStrictEqual(expected);
      }
    }
    // Some values make zod refuse the whole record (a non-scalar ELF value, a non-string Operation): so must the reader.
    expect(refused).toBeGreaterThan(0);
  });

  it('has no reader for a schema with a leaf it has no twin for, or a loose object: zod reads those', () => {
    expect(flatReader(z.object({ a: sfText, b: z.string() }))).toBeUndefined();
    expect(flatReader(z.looseObject({ a: sfText }))).toBeUndefined();
    expect(flatReader(z.array(sfText))).toBeUndefined();
  });

  it('reads a schema made with compiled() as the schema it was given', () => {
    const schema = compiled('test row', z.object({ a: sfText, b: optText }));
    expect(flatReader(schema)!({ a: ' 5 ', b: 3, c: 'dropped' })).toStrictEqual({ a: '5', b: undefined });
  });
});
