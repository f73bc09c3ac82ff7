import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { boundProfile, fitsBudget, jsonBytes, jsonBytesAtMost, PROFILE_BUDGET } from '../../lib/core/item-budget.ts';
import { newProfile } from '../../lib/core/profile.ts';
import type { RecentBucket } from '../../lib/core/state.ts';

const T0 = Date.parse('2026-11-10T00:00:00Z');
/** A profile whose recent buckets carry `keys` distinct keys of `text` each (hostile vendor text, say). */
function profileWith(buckets: number, text: string): ReturnType<typeof newProfile> {
  const p = newProfile('slack:U1', 'slack', 'U1', 'u1@example.com', T0);
  const list: RecentBucket[] = Array.from({ length: buckets }, (_, i) => [T0 + i * 300_000, 1, { k: [`${text}${i}`] }]);
  p.recent['files.slack'] = list;
  return p;
}

describe('boundProfile', () => {
  it('counts UTF-8 bytes, not characters: JSON of fewer characters than the budget but more bytes is shed to fit', () => {
    // 60 keys of 2,000 three-byte characters: ~120,000 characters, ~360,000 bytes.
    const p = profileWith(60, '€'.repeat(2_000));
    const json = JSON.stringify(p);
    expect(json.length).toBeLessThan(PROFILE_BUDGET);
    expect(jsonBytes(p)).toBeGreaterThan(PROFILE_BUDGET);
    const shed = boundProfile(p);
    expect(shed?.bytesBefore).toBeGreaterThan(PROFILE_BUDGET);
    expect(jsonBytes(p)).toBeLessThanOrEqual(PROFILE_BUDGET);
    expect(shed?.bytesAfter).toBe(jsonBytes(p));
  });

  it('leaves a profile within its budget as it is, also one with many multi-byte characters', () => {
    // ~130,000 two-byte characters, ~260,000 bytes: past a third of the budget in characters, within it in bytes.
    const p = profileWith(65, 'é'.repeat(2_000));
    expect(jsonBytes(p)).toBeLessThanOrEqual(PROFILE_BUDGET);
    expect(JSON.stringify(p).length * 3).toBeGreaterThan(PROFILE_BUDGET);
    const before = JSON.stringify(p);
    expect(boundProfile(p)).toBeUndefined();
    expect(JSON.stringify(p)).toBe(before);
  });
});

describe('fitsBudget', () => {
  const utf8 = (json: string): number => Buffer.byteLength(json, 'utf8');
  const values = fc.oneof(
    fc.jsonValue(),
    fc.anything({ withBigInt: false, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true }),
    fc.array(fc.oneof(fc.double(), fc.string({ unit: 'binary' }), fc.constant(undefined)), { maxLength: 50 }),
  );

  it('property: the walk bounds the UTF-8 bytes of the JSON from above, whatever the value', () => {
    fc.assert(fc.property(values, (v) => {
      const json = JSON.stringify(v) as string | undefined;
      if (json === undefined) return;
      expect(jsonBytesAtMost(v, Number.POSITIVE_INFINITY)).toBeGreaterThanOrEqual(utf8(json));
    }), { numRuns: 3000 });
    // Found by the property: numbers from 1e-6 to 1e-7 are written in full, 25 characters with the sign.
    expect(jsonBytesAtMost(-0.0000010000016051404452, Number.POSITIVE_INFINITY)).toBeGreaterThanOrEqual(JSON.stringify(-0.0000010000016051404452).length);
  });

  it('property: says an item fits exactly when its JSON is within the budget', () => {
    fc.assert(fc.property(values, fc.nat(2_000), (v, budget) => {
      const json = JSON.stringify(v) as string | undefined;
      if (json === undefined) return;
      expect(fitsBudget(v, budget)).toBe(utf8(json) <= budget);
    }), { numRuns: 3000 });
  });

  it('counts escapes: control characters and lone surrogates take six bytes each in JSON', () => {
    const v = { k: '\u0001\ud800'.repeat(1_000) };
    expect(utf8(JSON.stringify(v))).toBeGreaterThan(12_000);
    expect(fitsBudget(v, 11_000)).toBe(false);
    expect(fitsBudget(v, 12_100)).toBe(true);
  });
});
