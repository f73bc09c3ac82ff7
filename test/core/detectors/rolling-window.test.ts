import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rollingWindows, windowsBound, WindowValue } from '../../../lib/core/detectors/rolling-window.ts';
import type { DayContext } from '../../../lib/core/detectors/types.ts';
import { PrincipalBatch, type BucketSamples } from '../../../lib/core/principal-batch.ts';
import { newProfile } from '../../../lib/core/profile.ts';
import type { RecentBucket } from '../../../lib/core/state.ts';
import { BUCKET_MS, DAY, MINUTE } from '../../../lib/core/time.ts';
import { ev as event } from '../../support/event-factory.ts';

/** A bucket's samples with these IPs (one kept as a string, more as a list, as PrincipalBatch keeps them). */
const ev = (ips: string[]): BucketSamples => ({ n: ips.length, s: [], ip: ips.length === 0 ? undefined : ips.length === 1 ? ips[0] : ips, ob: undefined });

describe('WindowValue.ips', () => {
  // Entries as rollingWindows makes them: this batch's buckets (evidence) and earlier batches' (IPs only), mixed.
  const entries = [
    { start: 0, value: 1, ...ev(['10.0.0.1', '10.0.0.2']) },
    { start: 1, value: 1, ips: ['10.0.0.9', '10.0.0.1'] },
    { start: 2, value: 1, ...ev(['10.0.0.2', '10.0.0.3']), ips: ['10.0.0.8'] },
    { start: 3, value: 1, ...ev([]) },
    { start: 4, value: 1, ...ev(['10.0.0.4', '10.0.0.5', '10.0.0.6']) },
    { start: 5, value: 1, ips: ['10.0.0.7'] },
  ];

  it('is evidence.ips (the first distinct IPs, this batch first, then earlier batches) for every range of entries', () => {
    let checked = 0;
    for (let from = 0; from <= entries.length; from++) {
      for (let to = from; to <= entries.length; to++) {
        const w = new WindowValue(0, 0, 1, 1, entries, from, to);
        expect(w.ips, `entries ${from}..${to}`).toEqual(w.evidence.ips);
        checked++;
      }
    }
    expect(checked).toBe(28);
    // The cap is reached and the order is that of the evidence: this batch's IPs before earlier batches'.
    expect(new WindowValue(0, 0, 1, 1, entries, 0, 6).ips).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5']);
    expect(new WindowValue(0, 0, 1, 1, entries, 1, 4).ips).toEqual(['10.0.0.2', '10.0.0.3', '10.0.0.9', '10.0.0.1', '10.0.0.8']);
  });
});

describe('windowsBound', () => {
  const dayStart = Date.parse('2026-11-20T00:00:00Z');
  const dayEnd = dayStart + DAY;
  // Bucket starts from two days before the judged day to after it: some in every window's span, some outside.
  const start = fc.integer({ min: -2 * 288, max: 300 }).map((i) => dayStart + i * BUCKET_MS);
  // Recent buckets as a profile may hold them, consistent or not (values below their kept keys, negative values).
  const recentBucket = fc.tuple(
    start,
    fc.integer({ min: -5, max: 40 }),
    fc.option(fc.record({
      k: fc.option(fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { maxLength: 6 }), { nil: undefined }),
      p: fc.option(fc.dictionary(fc.constantFrom('rows:api', 'rows:report', 'other'), fc.integer({ min: -5, max: 40 })), { nil: undefined }),
    }, { requiredKeys: [] }), { nil: undefined }),
  ).map(([t, v, extra]): RecentBucket => (extra ? [t, v, extra] : [t, v]));
  const additions = fc.array(fc.record({
    t: start,
    offset: fc.integer({ min: 0, max: BUCKET_MS - 1 }),
    value: fc.integer({ min: 1, max: 30 }),
    key: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'),
    part: fc.option(fc.constantFrom('rows:api', 'rows:report'), { nil: undefined }),
  }), { maxLength: 40 });

  /** The largest value rollingWindows yields for the day, and the bound, of one batch's buckets over these recent ones. */
  function both(distinct: boolean, adds: { t: number; offset: number; value: number; key: string; part?: string | undefined }[], recent: RecentBucket[], windowMs: number, judgeLater: boolean) {
    const pb = new PrincipalBatch('salesforce:u1', 'salesforce', 'u1', 'user', 'u1@example.com');
    for (const a of adds) {
      const e = event(new Date(a.t + a.offset).toISOString());
      if (distinct) pb.addDistinct('m', e, a.key);
      else pb.addSum('m', e, a.value, undefined, a.part);
    }
    const profile = newProfile('salesforce:u1', 'salesforce', 'u1', 'u1@example.com', dayStart);
    // Each start once, sorted, as a profile keeps them. `judgeLater`: the later of the two days is judged, so the
    // earlier day's buckets are taken from the recent ones alone, as for a day of this batch judged before.
    profile.recent.m = [...new Map(recent.map((r) => [r[0], r])).values()].sort((a, b) => a[0] - b[0]);
    const ctx = { pb, profile, dayStart: judgeLater ? dayStart : dayStart - DAY, dayEnd: judgeLater ? dayEnd : dayStart } as DayContext;
    const values = [...rollingWindows(ctx, 'm', windowMs)].map((w) => w.value);
    return { max: Math.max(0, ...values), bound: windowsBound(ctx, 'm', windowMs) };
  }

  it('is at least every window value, for sums, feeds and distinct keys, over recent buckets of any shape', () => {
    fc.assert(fc.property(
      fc.boolean(), additions, fc.array(recentBucket, { maxLength: 30 }), fc.constantFrom(15 * MINUTE, 30 * MINUTE, 60 * MINUTE, DAY), fc.boolean(),
      (distinct, adds, recent, windowMs, judgeLater) => {
        const { max, bound } = both(distinct, adds, recent, windowMs, judgeLater);
        expect(bound).toBeGreaterThanOrEqual(max);
      },
    ), { numRuns: 2_000 });
  });

  it('counts what the windows can take from earlier batches: a day quiet in this batch but busy before is not bounded away', () => {
    const t = dayStart + 10 * 60 * MINUTE;
    const adds = [{ t, offset: 0, value: 1, key: 'a' }];
    // 30 rows earlier in the same hour (two feeds: the bound sums them); 20 distinct keys kept earlier in the same bucket.
    expect(both(false, adds, [[t - BUCKET_MS, 30, { p: { 'rows:api': 30, 'rows:report': 12 } }]], 60 * MINUTE, true)).toEqual({ max: 31, bound: 43 });
    const keys = Array.from({ length: 20 }, (_, i) => `k${i}`);
    expect(both(true, adds, [[t, 20, { k: keys }]], 60 * MINUTE, true)).toEqual({ max: 21, bound: 21 });
  });
});
