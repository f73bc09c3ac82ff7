import { describe, expect, it } from 'vitest';
import {
  batchMarker, foldDayFacts, hasBatch, hasSeen, isUsualHour, isUsualSlot, markBatch, newProfile, pruneSeen, seenKey, upgradeProfile,
} from '../../lib/core/profile.ts';
import type { DayFacts } from '../../lib/core/principal-batch.ts';
import type { Profile } from '../../lib/core/state.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 2); // a Monday
const day0 = T0 / DAY;

function facts(slots: number[], seen: Record<string, string[]> = {}): DayFacts {
  return {
    events: slots.length,
    slots: new Set(slots),
    seen: new Map(Object.entries(seen).map(([set, values]) => [set, new Set(values)])),
  };
}

describe('profile', () => {
  it('counts a slot once per day and knows it as usual from the third day', () => {
    const p = newProfile('slack:U1', 'slack', 'U1', 'u1@example.com', T0);
    foldDayFacts(p, day0, facts([9, 10]));
    foldDayFacts(p, day0, facts([9])); // the same day again (a later batch): not a new day
    foldDayFacts(p, day0 + 1, facts([9]));
    expect(isUsualSlot(p, 9)).toBe(false);
    foldDayFacts(p, day0 + 2, facts([9]));
    expect(isUsualSlot(p, 9)).toBe(true);
    expect(isUsualSlot(p, 10)).toBe(false);
    expect(p.slots).toEqual([9, 3, day0 + 2, 10, 1, day0]);
  });

  it('learns an hour of day across weekdays', () => {
    const p = newProfile('slack:U1', 'slack', 'U1', 'u1@example.com', T0);
    for (const wd of [0, 1, 2]) foldDayFacts(p, day0 + wd, facts([wd * 24 + 3]));
    expect(isUsualHour(p, 5 * 24 + 3)).toBe(true);
    expect(isUsualHour(p, 5 * 24 + 4)).toBe(false);
  });

  it('reads profiles written with dense slot arrays and object seen sets', () => {
    const slotDays = Array<number>(168).fill(0);
    const slotLastDay = Array<number>(168).fill(-1);
    slotDays[9] = 4;
    slotLastDay[9] = day0;
    const { slots: _, ...rest } = newProfile('slack:U1', 'slack', 'U1', 'u1@example.com', T0);
    const url = 'https://contoso.sharepoint.com/sites/finance/Shared Documents/q3-forecast.xlsx';
    const old = { ...rest, seen: { ip: { '203.0.113.7': 5 }, resource: { [url]: T0 } }, slotDays, slotLastDay } as unknown as Profile;
    const p = upgradeProfile(old);
    expect(p.slots).toEqual([9, 4, day0]);
    expect(p).not.toHaveProperty('slotDays');
    expect(p.seen['ip']).toEqual({ v: ['203.0.113.7'], t: [0] }); // epoch ms 5 was on epoch day 0
    // A long value the old profile kept whole is still "seen" after the upgrade keys it by its digest.
    expect(hasSeen(p, 'resource', url, T0 + DAY)).toBe(true);
    expect(isUsualSlot(p, 9)).toBe(true);
  });

  it('recognises a batch by its short marker and by the full id older profiles kept', () => {
    const p = newProfile('slack:U1', 'slack', 'U1', 'u1@example.com', T0);
    const key = 'raw/source=slack/stream=audit/dt=2026-11-02/hour=03/run-000001.ndjson.gz';
    markBatch(p, batchMarker(key));
    expect(p.batches[0]).toHaveLength(12);
    expect(hasBatch(p, key)).toBe(true);
    expect(hasBatch(p, key.replace('000001', '000002'))).toBe(false);
    p.batches.push('legacy-full-batch-id');
    expect(hasBatch(p, 'legacy-full-batch-id')).toBe(true);
    for (let i = 0; i < 20; i++) markBatch(p, batchMarker(`b${i}`));
    expect(p.batches).toHaveLength(16);
    expect(hasBatch(p, key)).toBe(false); // the oldest markers give way
  });

  it('refreshes a value seen again with its latest time, and caps a set to its newest values', () => {
    const p = newProfile('m365:u1', 'm365', 'u1', 'u1@example.com', T0);
    foldDayFacts(p, day0, facts([9], { ip: ['203.0.113.7'] }));
    foldDayFacts(p, day0 + 1, facts([9], { ip: ['203.0.113.7'] }));
    foldDayFacts(p, day0, facts([9], { ip: ['203.0.113.7'] })); // a late batch of day 0: keeps the later day
    expect(p.seen['ip']).toEqual({ v: ['203.0.113.7'], t: [day0 + 1] });
    // 250 values over 50 days: the cap keeps the 200 seen most recently.
    for (let i = 0; i < 250; i += 5) foldDayFacts(p, day0 + i / 5, facts([9], { object: [0, 1, 2, 3, 4].map((k) => `u${i + k}`) }));
    const now = T0 + 50 * DAY;
    pruneSeen(p, now);
    expect(p.seen['object']!.v).toHaveLength(200);
    expect(p.seen['object']!.t).toHaveLength(200);
    expect(hasSeen(p, 'object', 'u249', now)).toBe(true);
    expect(hasSeen(p, 'object', 'u50', now)).toBe(true);
    expect(hasSeen(p, 'object', 'u49', now)).toBe(false);
    expect(hasSeen(p, 'ip', '203.0.113.7', T0 + 91 * DAY)).toBe(true);
    expect(hasSeen(p, 'ip', '203.0.113.7', T0 + 92 * DAY)).toBe(false); // aged out 90 days after its last day
  });

  it('keeps long resource names as digests and still answers "seen before?" for them', () => {
    const p = newProfile('m365:u1', 'm365', 'u1', 'u1@example.com', T0);
    const url = 'https://contoso.sharepoint.com/sites/finance/Shared Documents/Q3 board pack.pptx';
    foldDayFacts(p, day0, facts([9], { resource: [url, 'short'], ip: ['203.0.113.7', '203.0.113.9'] }));
    expect(p.seen['resource']).toEqual({ v: [seenKey('resource', url), 'short'], t: [day0, day0] });
    expect(p.seen['net']).toEqual({ v: ['203.0.113.0/24'], t: [day0] });
    expect(seenKey('resource', url)).toMatch(/^#[0-9a-z]{11}$/);
    expect(seenKey('ip', '2001:0db8:0000:0000:0000:ff00:0042:8329')).toBe('2001:0db8:0000:0000:0000:ff00:0042:8329');
    expect(hasSeen(p, 'resource', url, T0 + DAY)).toBe(true);
    expect(hasSeen(p, 'resource', `${url}x`, T0 + DAY)).toBe(false);
    expect(hasSeen(p, 'resource', 'short', T0 + DAY)).toBe(true);
    expect(hasSeen(p, 'ip', '203.0.113.7', T0 + DAY)).toBe(true);
  });
});
