import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compiled } from '../../../lib/core/normalize/compiled-schema.ts';
import { flatReader, registeredLeaves } from '../../../lib/core/normalize/flat-reader.ts';
import { M365RecordSchema, optText } from '../../../lib/core/normalize/m365/record-schema.ts';
import { ElfBaseSchema } from '../../../lib/core/normalize/salesforce/elf-common.ts';
import { sfCount, sfText } from '../../../lib/core/normalize/salesforce/field-schemas.ts';
import { RtemBaseSchema } from '../../../lib/core/normalize/salesforce/rtem-common.ts';
import { SlackEntrySchema } from '../../../lib/core/normalize/slack/entry-schema.ts';
import { elfReportRow, m365Download, rtemApiEvent, slackDownload, T0 } from '../../replay/vendor-fixtures.ts';

/** A Slack entry with every nested object the schema reads (actor, entity of several kinds, context, details). */
const slackEntry: Record<string, unknown> = {
  ...slackDownload(1, T0),
  actor: { type: 'user', user: { id: 'W1', name: 'alice', email: 'alice@example.com', team: 'T1', title: 'Eng' }, app: { id: 'A1', name: 'app' }, bot: { id: 'B1' } },
  entity: {
    type: 'file', file: { id: 'F1', name: 'x.pdf', title: 'X', domain: 'd' }, user: { id: 'W2' },
    channel: { id: 'C1', name: 'c', privacy: 'public', is_shared: true, is_org_shared: false, teams_shared_with: ['T2'] },
    app: { id: 'A2', name: 'a', scopes: ['files:read'] }, extra: { kept: true },
  },
  context: { location: { type: 'workspace', id: 'T1', name: 'Ex', domain: 'ex' }, ua: 'Mozilla/5.0', ip_address: '203.0.113.5', session_id: 12, app: { id: 'A3' } },
  details: { reason: 'x' },
  acting_agent: { id: 'AG1' },
};

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
    ['Slack entry', SlackEntrySchema, slackEntry],
  ];

  it.each(schemas)('%s: read by hand, field by field equal to zod with any field made hostile', (_, schema, record) => {
    const read = flatReader(schema);
    expect(read).toBeDefined();
    expect(read!(record)).toStrictEqual(byZod(schema, record));
    let refused = 0;
    for (const key of [...Object.keys(record), 'Operation', 'UserId', 'USER_ID', 'AppAccessContext', 'action', 'actor', 'details']) {
      for (const value of HOSTILE) {
        const hostile = { ...record, [key]: value };
        const expected = byZod(schema, hostile);
        if (expected === undefined) refused++;
        expect(read!(hostile), `${key} = ${String(value)}`).toStrictEqual(expected);
      }
    }
    // Nested objects (Slack's actor.user, entity.channel…): every field of them made hostile, and the objects themselves.
    for (const [key, inner] of Object.entries(record)) {
      if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) continue;
      for (const [sub, deeper] of Object.entries(inner as Record<string, unknown>)) {
        const paths: Array<(v: unknown) => Record<string, unknown>> = [(v) => ({ ...record, [key]: { ...inner, [sub]: v } })];
        if (typeof deeper === 'object' && deeper !== null && !Array.isArray(deeper)) {
          for (const leaf of Object.keys(deeper)) paths.push((v) => ({ ...record, [key]: { ...inner, [sub]: { ...deeper, [leaf]: v } } }));
        }
        for (const make of paths) {
          for (const value of HOSTILE) {
            const hostile = make(value);
            expect(read!(hostile), `${key}.${sub}… = ${String(value)}`).toStrictEqual(byZod(schema, hostile));
          }
        }
      }
    }
    // Some values make zod refuse the whole record (a non-scalar ELF value, a non-string Operation): so must the reader.
    expect(refused).toBeGreaterThan(0);
  });

  it('has no reader for a schema with a leaf it has no twin for, or a strict object: zod reads those', () => {
    expect(flatReader(z.object({ a: sfText, b: z.string() }))).toBeUndefined();
    expect(flatReader(z.strictObject({ a: sfText }))).toBeUndefined();
    expect(flatReader(z.array(sfText))).toBeUndefined();
  });

  it('reads a loose object as zod does: its other keys kept as they are', () => {
    const loose = z.looseObject({ a: sfText, b: optText });
    const withProto = JSON.parse('{"a":"x","__proto__":{"polluted":true},"c":1}') as Record<string, unknown>;
    for (const record of [{ a: ' x ', b: 3, c: { d: 1 } }, { c: 1 }, { a: {}, c: 1 }, withProto]) {
      expect(flatReader(loose)!(record)).toStrictEqual(byZod(loose, record));
    }
    const read = flatReader(loose)!(withProto)!;
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
    expect(Object.keys(read)).toEqual(['a', 'c']);
  });

  it('reads a schema made with compiled() as the schema it was given', () => {
    const schema = compiled('test row', z.object({ a: sfText, b: optText }));
    expect(flatReader(schema)!({ a: ' 5 ', b: 3, c: 'dropped' })).toStrictEqual({ a: '5', b: undefined });
  });
});
