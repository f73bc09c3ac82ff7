import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { QUARANTINE_MAX_DEPTH, QUARANTINE_MAX_RECORD_BYTES, boundRecord, quarantineJson } from '../../lib/core/quarantine-json.ts';

/** `{"a":{"a":…}}` nested `depth` levels, built as text and parsed as a reader would (JSON.parse accepts it). */
const nested = (depth: number): unknown => JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);

describe('boundRecord / quarantineJson', () => {
  it('writes a record nested 100k levels deep (JSON.stringify overflows the stack) cut at the depth limit, with a marker', () => {
    const deep = nested(100_000);
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    const line = quarantineJson({ reason: 'missing-actor', ref: { file: 'f', line: 3 }, v: 1, source: 'slack', stream: 'audit', id: 'x', record: deep as Record<string, unknown> });
    const back = JSON.parse(line) as Record<string, unknown>;
    expect(back).toMatchObject({ reason: 'missing-actor', ref: { file: 'f', line: 3 }, id: 'x', recordTruncated: true });
    let node = back['record'] as Record<string, unknown>;
    for (let d = 0; d < QUARANTINE_MAX_DEPTH - 1; d++) node = node['a'] as Record<string, unknown>;
    expect(node['a']).toBe(`[truncated: nested deeper than ${QUARANTINE_MAX_DEPTH} levels]`);
  });

  it('keeps the start of a huge record and says what was cut; reason and ref always come first', () => {
    const big = { Id: 'm-1', Operation: 'FileDownloaded', blob: 'x'.repeat(1_000_000), Members: Array.from({ length: 10_000 }, (_, i) => ({ UPN: `u${i}@example.com` })) };
    const line = quarantineJson({ reason: 'bad-shape', detail: 'Members: too many', ref: { file: 'f', line: 1 }, record: big });
    expect(Buffer.byteLength(line)).toBeLessThan(QUARANTINE_MAX_RECORD_BYTES + 2048);
    const back = JSON.parse(line) as { reason: string; detail: string; record: Record<string, unknown>; recordTruncated: boolean };
    expect(Object.keys(back).slice(0, 3)).toEqual(['reason', 'detail', 'ref']);
    expect(back.record).toMatchObject({ Id: 'm-1', Operation: 'FileDownloaded', blob: expect.stringMatching(/^x+…\[truncated: \d+ more characters\]$/) });
    expect(back.record['$truncated']).toBe('1 more fields not kept');
    expect(back.recordTruncated).toBe(true);
    const members = JSON.parse(quarantineJson({ reason: 'bad-shape', record: { Members: big.Members } })) as { record: { Members: string[] } };
    expect(members.record.Members.length).toBeGreaterThan(100);
    expect(members.record.Members.at(-1)).toMatch(/^\[truncated: \d+ more items\]$/);
  });

  it('keeps __proto__ and constructor keys as data', () => {
    const rec = JSON.parse('{"__proto__":{"polluted":true},"constructor":"c","user":{"__proto__":"x"}}') as Record<string, unknown>;
    const back = JSON.parse(quarantineJson({ reason: 'r', record: rec })) as { record: Record<string, unknown>; recordTruncated?: boolean };
    expect(Object.hasOwn(back.record, '__proto__')).toBe(true);
    expect(back.record).toEqual(rec);
    expect(back.recordTruncated).toBeUndefined();
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('property: a record within the limits comes back exactly as JSON.stringify writes it', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 8 }), (v) => {
      const b = boundRecord(v);
      expect(b.truncated).toBe(false);
      expect(JSON.stringify(b.value)).toBe(JSON.stringify(v));
    }), { numRuns: 300 });
  });
});
