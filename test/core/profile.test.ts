import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  activeDaysBefore, batchMarker, combineParts, foldActivity, foldBuckets, hasBatch, hasSeen, isServiceLike, isUsualHour, isUsualSlot,
  markBatch, mergeSeen, newProfile, newSeenList, ProfileLayoutError, pruneHistory, seenKey, settledBefore, tenantSeenKey, upgradeProfile, type BucketDelta,
} from '../../lib/core/profile.ts';
import type { Profile } from '../../lib/core/state.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 2); // a Monday
const day0 = T0 / DAY;
const utcHour = (ms: number): number => new Date(ms).getUTCHours();
const fresh = (): Profile => newProfile('salesforce:U1', 'salesforce', 'U1', 'u1@example.com', T0);

describe('activity days', () => {
  it('ORs a day\'s hours: a re-delivered or late batch of the same day changes nothing', () => {
    const p = fresh();
    foldActivity(p, day0, 1 << 9, 0);
    foldActivity(p, day0, 1 << 9, 0);
    foldActivity(p, day0, 1 << 10, 1);
    expect(p.act).toEqual([day0, (1 << 9) | (1 << 10), 1]);
  });

  it('knows a weekday slot as usual from its third settled day, and a daily hour on any weekday', () => {
    const p = fresh();
    for (const w of [0, 1, 2]) foldActivity(p, day0 + 7 * w, 1 << 9, 0); // three Mondays at 09:00
    const nextMonday = day0 + 21;
    expect(isUsualSlot(p, nextMonday, 9)).toBe(true);
    expect(isUsualSlot(p, nextMonday + 1, 9)).toBe(false); // a Tuesday: not that slot
    expect(isUsualHour(p, nextMonday + 1, 9)).toBe(true);
    // The day before the judged one is not settled yet: it does not count.
    expect(isUsualSlot(p, day0 + 14 + 1, 9)).toBe(false);
    expect(activeDaysBefore(p, day0 + 15)).toBe(2);
    expect(settledBefore(day0 + 15)).toBe(day0 + 13);
  });

  it('recognises an integration: no interactive day, most hours of each day', () => {
    const p = fresh();
    for (let d = 0; d < 5; d++) foldActivity(p, day0 + d, 0xffffff, 0);
    expect(isServiceLike(p, day0 + 6)).toBe(true);
    foldActivity(p, day0 + 2, 1 << 9, 1); // one day someone used a browser
    expect(isServiceLike(p, day0 + 6)).toBe(false);
  });
});

describe('first-seen sets', () => {
  it('keeps the first and last day whatever the order values arrive in', () => {
    const order = (days: number[]) => {
      const l = newSeenList();
      for (const d of days) mergeSeen(l, ['10.0.0.1'], (v) => v, d);
      return l;
    };
    expect(order([5, 3, 9])).toEqual(order([9, 5, 3]));
    expect(order([5, 3, 9])).toEqual({ v: ['10.0.0.1'], f: [3], t: [9] });
  });

  it('counts a value as seen only on a settled day, and for 90 days', () => {
    const p = fresh();
    p.seen['ip'] = { v: ['10.0.0.1'], f: [day0], t: [day0] };
    expect(hasSeen(p, 'ip', '10.0.0.1', day0 + 1)).toBe(false);
    expect(hasSeen(p, 'ip', '10.0.0.1', day0 + 2)).toBe(true);
    expect(hasSeen(p, 'ip', '10.0.0.1', day0 + 91)).toBe(false);
  });

  it('digests long values of every set, so caller-chosen strings cannot grow a profile', () => {
    const long = `python-${'x'.repeat(2500)}`;
    expect(seenKey('client', long)).toMatch(/^#[0-9a-z]{6}$/);
    // A tenant's thousands of values keep the whole digest.
    expect(tenantSeenKey(long)).toMatch(/^#[0-9a-z]{11}$/);
    expect(tenantSeenKey(long).endsWith(seenKey('client', long).slice(1))).toBe(true);
    expect(seenKey('client', 'Bulk API')).toBe('Bulk API');
  });
});

describe('metric days', () => {
  const buckets = (spec: Array<[number, number, Record<string, number>?]>): BucketDelta[] =>
    spec.map(([start, value, parts]) => ({ start, value, parts }));

  it('keeps the open day whole when a late batch of an earlier day arrives (review P1-5)', () => {
    const p = fresh();
    const d1 = T0 + 10 * HOUR;
    const d2 = T0 + DAY + 10 * HOUR;
    foldBuckets(p, 'rows', buckets([[d1, 400]]), d1, utcHour);
    foldBuckets(p, 'rows', buckets([[d2, 500]]), d2, utcHour);
    foldBuckets(p, 'rows', buckets([[d1 + HOUR, 300]]), d1 + HOUR, utcHour); // late ELF for day 1
    foldBuckets(p, 'rows', buckets([[d2 + HOUR, 100]]), d2 + HOUR, utcHour);
    expect(p.metrics['rows']!.d).toEqual([day0, day0 + 1]);
    expect(p.metrics['rows']!.v).toEqual([700, 600]);
  });

  it('counts a read reported by both Salesforce feeds once (review P1-3)', () => {
    const p = fresh();
    const t = T0 + 9 * HOUR;
    foldBuckets(p, 'crm.rows', buckets([[t, 48_213, { 'api:rtem': 48_213 }]]), t, utcHour);
    foldBuckets(p, 'crm.rows', buckets([[t, 48_213, { 'api:elf': 48_213 }]]), t + 6 * HOUR, utcHour); // ELF, hours later
    expect(p.metrics['crm.rows']!.v).toEqual([48_213]);
    expect(p.recent['crm.rows']).toEqual([[t, 48_213, { p: { 'api:rtem': 48_213, 'api:elf': 48_213 } }]]);
    expect(combineParts({ 'api:elf': 10, 'api:rtem': 12, 'report:elf': 5 })).toBe(17);
  });

  it('records the busiest clock hour of a day and its local hour', () => {
    const p = fresh();
    const h9 = T0 + 9 * HOUR;
    foldBuckets(p, 'rows', buckets([[h9, 100], [h9 + 5 * 60_000, 100], [h9 + 2 * HOUR, 150]]), h9 + 2 * HOUR, utcHour);
    expect(p.metrics['rows']).toMatchObject({ v: [350], p: [200], h: [9] });
  });

  it('folds the same buckets in any order into the same profile', () => {
    const delta = fc.record({ start: fc.integer({ min: 0, max: 2 * 288 - 1 }).map((i) => T0 + i * 300_000), value: fc.integer({ min: 1, max: 1000 }), feed: fc.constantFrom('api:elf', 'api:rtem', 'report:elf') });
    fc.assert(fc.property(fc.array(fc.array(delta, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }), (batches) => {
      const fold = (order: typeof batches) => {
        const p = fresh();
        for (const b of order) {
          const newest = Math.max(...b.map((x) => x.start));
          foldBuckets(p, 'crm.rows', b.map((x) => ({ start: x.start, value: x.value, parts: { [x.feed]: x.value } })), newest, utcHour);
          p.lastSeen = Math.max(p.lastSeen, newest);
        }
        pruneHistory(p);
        return { metrics: p.metrics, recent: Object.fromEntries(Object.entries(p.recent).map(([k, v]) => [k, v.map((r) => [r[0], r[1], sorted(r[2]?.p ?? {})])])) };
      };
      expect(fold([...batches].reverse())).toEqual(fold(batches));
    }), { numRuns: 200 });
  });

  it('forgets days past 90 and recent buckets past two days of the newest activity', () => {
    const p = fresh();
    foldBuckets(p, 'rows', buckets([[T0, 1]]), T0, utcHour);
    const later = T0 + 100 * DAY;
    foldBuckets(p, 'rows', buckets([[later, 2]]), later, utcHour);
    p.lastSeen = later;
    pruneHistory(p);
    expect(p.metrics['rows']!.d).toEqual([day0 + 100]);
    expect(p.recent['rows']).toEqual([[later, 2]]);
  });
});

describe('profile format', () => {
  it('upgrades a first-layout profile: first-seen sets and active days carry over, volume baselines restart', () => {
    const old = {
      key: 'salesforce:U1', version: 7, source: 'salesforce', id: 'U1', identity: 'u1@example.com', batches: ['abc'], firstSeen: T0, lastSeen: T0,
      activeDays: [day0, day0 + 1], slots: [9, 3, day0], metrics: { 'crm.rows': { day: day0, cur: 5 } },
      seen: { ip: { v: ['10.0.0.1'], t: [day0] }, ua: { 'Mozilla/5.0 (a long user agent string)': T0 } }, recent: {}, episodes: {},
    } as unknown as Profile;
    const p = upgradeProfile(old);
    expect(p).toMatchObject({ format: 3, version: 7, batches: ['abc'], act: [day0, 0, 0, day0 + 1, 0, 0], metrics: {}, recent: {} });
    expect(p.seen['ip']).toEqual({ v: ['10.0.0.1'], f: [day0], t: [day0] });
    expect(p.seen['ua']!.v).toEqual([seenKey('ua', 'Mozilla/5.0 (a long user agent string)')]);
    expect(upgradeProfile(p)).toBe(p);
  });

  it('cuts layout 2\'s 11-character digests to layout 3\'s: what was seen is still seen, raw values stay, coinciding digests merge', () => {
    const long = (i: number): string => `Mozilla/5.0 (agent ${i}; a long user agent string)`;
    const layout2 = (v: string): string => tenantSeenKey(v); // layout 2 keyed profiles as tenants still are
    // Two layout-2 digests that coincide in their last six characters (a collision layout 3 accepts).
    const a = '#0abcdf12345';
    const b = '#1zzzzf12345';
    const p = {
      ...fresh(), format: 2,
      seen: {
        ua: { v: [layout2(long(1)), 'curl/8.0', layout2(long(2))], f: [day0, day0 + 1, day0 + 2], t: [day0 + 3, day0 + 1, day0 + 2] },
        resource: { v: [a, '#general', b], f: [day0 + 4, day0, day0 + 1], t: [day0 + 4, day0, day0 + 9] },
      },
    } as unknown as Profile;
    const up = upgradeProfile(p);
    expect(up.format).toBe(3);
    expect(up.seen['ua']!.v).toEqual([seenKey('ua', long(1)), 'curl/8.0', seenKey('ua', long(2))]);
    expect(up.seen['ua']!.v[0]).toMatch(/^#[0-9a-z]{6}$/);
    for (const v of [long(1), long(2), 'curl/8.0']) expect(hasSeen(up, 'ua', v, day0 + 10)).toBe(true);
    expect(hasSeen(up, 'ua', long(3), day0 + 10)).toBe(false);
    expect(up.seen['resource']).toEqual({ v: ['#f12345', '#general'], f: [day0 + 1, day0], t: [day0 + 9, day0] });
  });

  it('refuses a layout newer than its own instead of reading it as the first layout (which restarts baselines)', () => {
    const later = { ...fresh(), format: 4, metrics: { rows: { d: [day0], v: [5], p: [5], h: [9] } } } as unknown as Profile;
    expect(() => upgradeProfile(later)).toThrow(ProfileLayoutError);
    expect(later.metrics['rows']!.d).toEqual([day0]);
  });

  it('recognises a re-delivered batch by its marker and forgets the oldest of 16', () => {
    const p = fresh();
    for (let i = 0; i < 17; i++) markBatch(p, batchMarker(`raw/b${i}`));
    expect(hasBatch(p, 'raw/b16')).toBe(true);
    expect(hasBatch(p, 'raw/b0')).toBe(false);
    expect(batchMarker('raw/b1')).toHaveLength(12);
  });
});

const sorted = (o: Record<string, number>): Record<string, number> => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
