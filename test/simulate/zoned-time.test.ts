import { describe, expect, it } from 'vitest';
import { localDateAt, localToUtc, nextDate, offsetMinutes } from '../../lib/simulate/zoned-time.ts';

const TZ = 'Europe/Berlin';

describe('zoned time', () => {
  it('knows Berlin winter and summer offsets', () => {
    expect(offsetMinutes(Date.parse('2026-11-12T12:00:00Z'), TZ)).toBe(60);
    expect(offsetMinutes(Date.parse('2026-07-01T12:00:00Z'), TZ)).toBe(120);
  });

  it('maps local wall-clock times to UTC on both sides of the DST change', () => {
    const nov = { y: 2026, m: 11, d: 12, weekday: 4 };
    expect(new Date(localToUtc(nov, 2 * 60 + 7, TZ)).toISOString()).toBe('2026-11-12T01:07:00.000Z');
    const octBefore = { y: 2026, m: 10, d: 24, weekday: 6 };
    const octAfter = nextDate(nextDate(octBefore));
    expect(new Date(localToUtc(octBefore, 9 * 60, TZ)).toISOString()).toBe('2026-10-24T07:00:00.000Z');
    expect(new Date(localToUtc(octAfter, 9 * 60, TZ)).toISOString()).toBe('2026-10-26T08:00:00.000Z');
  });

  it('gives the local date and weekday of an instant', () => {
    // 23:30 UTC on Sunday is already Monday in Berlin.
    expect(localDateAt(Date.parse('2026-11-15T23:30:00Z'), TZ)).toEqual({ y: 2026, m: 11, d: 16, weekday: 1 });
    expect(nextDate({ y: 2026, m: 12, d: 31, weekday: 4 })).toEqual({ y: 2027, m: 1, d: 1, weekday: 5 });
  });
});
