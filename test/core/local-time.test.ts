import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseConfig } from '../../lib/core/config.ts';
import { OrgClock } from '../../lib/core/local-time.ts';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Local weekday (0 = Monday), hour and minute of the exact instant, straight from Intl (no caching, no arithmetic). */
function reference(timeZone: string, ms: number): { weekday: number; hour: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date(ms));
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return { weekday: WEEKDAYS.indexOf(get('weekday')), hour: Number(get('hour')), minute: Number(get('minute')) };
}

const clockFor = (timezone: string) =>
  new OrgClock(parseConfig({ org: { timezone, businessHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '00:00', end: '00:30' } } }));

describe('OrgClock in zones whose offset is not whole hours', () => {
  it('Asia/Kolkata (+05:30): 18:40Z on a Sunday is 00:10 on Monday, inside Monday 00:00–00:30 business hours', () => {
    const clock = clockFor('Asia/Kolkata');
    const sunday1840 = Date.UTC(2026, 10, 15, 18, 40); // 2026-11-15 is a Sunday
    expect(clock.slot(sunday1840)).toBe(0); // Monday 00:xx, not Sunday 00:xx (slot 144)
    expect(clock.businessHours(sunday1840)).toBe(true);
    // Ten minutes earlier it is still Sunday 23:58 locally: outside.
    expect(clock.slot(sunday1840 - 12 * 60_000)).toBe(6 * 24 + 23);
    expect(clock.businessHours(sunday1840 - 12 * 60_000)).toBe(false);
  });

  it('Asia/Kathmandu (+05:45): 18:20Z on a Friday is Saturday 00:05, not Friday 00:05', () => {
    const clock = clockFor('Asia/Kathmandu');
    const friday1820 = Date.UTC(2026, 10, 13, 18, 20);
    expect(clock.slot(friday1820)).toBe(5 * 24);
    expect(clock.businessHours(friday1820)).toBe(false); // Saturday is no business day
  });

  it('property: slot and business hours agree with Intl for every instant, in half-hour and 45-minute zones', () => {
    for (const zone of ['Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Eucla', 'America/St_Johns', 'Pacific/Chatham', 'Europe/Berlin']) {
      const clock = clockFor(zone);
      fc.assert(
        fc.property(fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2028, 0, 1) }), (ms) => {
          const r = reference(zone, ms);
          expect(clock.slot(ms)).toBe(r.weekday * 24 + r.hour);
          expect(clock.localHour(ms)).toBe(r.hour);
          // The local day's weekday is the local weekday (1970-01-01 was a Thursday).
          expect((((clock.localDay(ms) + 3) % 7) + 7) % 7).toBe(r.weekday);
          expect(clock.businessHours(ms)).toBe(r.weekday < 5 && r.hour === 0 && r.minute < 30);
        }),
        { numRuns: 400 },
      );
    }
  });
});
