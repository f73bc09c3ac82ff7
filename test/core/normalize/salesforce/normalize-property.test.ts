import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { NormalizedEventSchema } from '../../../../lib/core/event.ts';
import { newNormalizeContext } from '../../../../lib/core/normalize/types.ts';
import type { NormalizeOutcome } from '../../../../lib/core/normalize/types.ts';
import { normalizeSalesforce } from '../../../../lib/core/normalize/salesforce/index.ts';
import { elfRows, FIXTURES, soqlRecords } from './sf-fixtures.ts';

/** Every outcome must be schema-valid events with the input id, or a reject with a reason. */
function checkOutcome(out: NormalizeOutcome, id: string): void {
  if (out.ok) {
    expect(out.events.length).toBeGreaterThan(0);
    for (const e of out.events) {
      NormalizedEventSchema.parse(e);
      expect(e.id.startsWith(id)).toBe(true);
      expect(Number.isFinite(e.time)).toBe(true);
      if (e.count !== undefined) expect(Number.isFinite(e.count)).toBe(true);
    }
  } else {
    expect(out.reason).toMatch(/^[a-z0-9-]+$/);
  }
}

const files = readdirSync(FIXTURES);
const valid: { record: Record<string, unknown>; stream: string }[] = [
  ...files.filter((f) => f.endsWith('.csv')).flatMap((f) => elfRows(f).map((r) => ({ record: r as Record<string, unknown>, stream: `elf:${r.EVENT_TYPE}` }))),
  ...files.filter((f) => f.endsWith('.json')).flatMap((f) => soqlRecords(f).map((r) => ({ record: r, stream: `rtem:${(r.attributes as { type: string }).type}` }))),
];

const streams = fc.oneof(
  fc.constantFrom('', 'elf:Login', 'elf:Report', 'elf:LoginAs', 'rtem:ApiEvent', 'rtem:ReportAnomalyEventStore', 'rtem:LoginEvent', 'elf:', 'rtem:'),
  fc.string(),
);

/** A mutation of a valid record: drop keys, replace values with anything, truncate strings. */
const mutated = fc.record({
  base: fc.constantFrom(...valid),
  drops: fc.array(fc.nat(), { maxLength: 6 }),
  sets: fc.array(fc.tuple(fc.nat(), fc.anything()), { maxLength: 4 }),
  cuts: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 30 })), { maxLength: 6 }),
  keepStream: fc.boolean(),
  stream: streams,
}).map(({ base, drops, sets, cuts, keepStream, stream }) => {
  const record: Record<string, unknown> = { ...base.record };
  const keys = Object.keys(record);
  for (const d of drops) delete record[keys[d % keys.length]!];
  for (const [k, v] of sets) record[keys[k % keys.length]!] = v;
  for (const [k, n] of cuts) {
    const key = keys[k % keys.length]!;
    const v = record[key];
    if (typeof v === 'string') record[key] = v.slice(0, n);
  }
  return { record, stream: keepStream ? base.stream : stream };
});

describe('Salesforce normalizer never throws', () => {
  it('on arbitrary values and objects', () => {
    const ctx = newNormalizeContext();
    fc.assert(fc.property(fc.oneof(fc.anything(), fc.object(), fc.dictionary(fc.constantFrom('EVENT_TYPE', 'event_type', 'EventDate', 'EventIdentifier', 'TIMESTAMP', 'TIMESTAMP_DERIVED', 'USER_ID', 'UserId', 'Score', 'SecurityEventData', 'attributes', 'LogFile', 'LogDate', 'EventType'), fc.anything())), streams, (record, stream) => {
      checkOutcome(normalizeSalesforce({ record: record as Record<string, unknown>, stream, id: 'p-1', ref: { file: 'p', line: 1 } }, ctx), 'p-1');
    }), { numRuns: 400 });
  });

  it('on truncated and mutated valid records', () => {
    const ctx = newNormalizeContext();
    fc.assert(fc.property(mutated, ({ record, stream }) => {
      checkOutcome(normalizeSalesforce({ record, stream, id: 'm-1', ref: { file: 'm', line: 1 } }, ctx), 'm-1');
    }), { numRuns: 600 });
  });

  it('every unmutated fixture record normalizes', () => {
    const ctx = newNormalizeContext();
    for (const { record, stream } of valid) {
      const out = normalizeSalesforce({ record, stream, id: 'v', ref: { file: 'v', line: 1 } }, ctx);
      expect(out.ok, JSON.stringify(out)).toBe(true);
    }
    expect(valid.length).toBeGreaterThan(40);
  });
});
