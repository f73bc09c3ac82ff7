import type { Config } from './config.ts';
import { DAY, HOUR } from './time.ts';

const QUARTER = 15 * 60_000;
const DAY_INDEX: Record<string, number> = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6 };
const WEEKDAY: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

/**
 * Org-local calendar facts for an instant. Intl is slow, so results are cached per quarter hour of UTC (zones
 * change offset on a quarter hour at the finest; minutes are taken from the instant itself).
 */
export class OrgClock {
  private readonly fmt: Intl.DateTimeFormat;
  private readonly cache = new Map<number, number>();
  private readonly days: Set<number>;
  private readonly startMin: number;
  private readonly endMin: number;

  constructor(config: Config) {
    this.fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: config.org.timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    });
    const bh = config.org.businessHours;
    this.days = new Set(bh.days.map((d) => DAY_INDEX[d]!));
    this.startMin = toMinutes(bh.start);
    this.endMin = toMinutes(bh.end);
  }

  /** Local weekday, hour and minute packed as `(weekday * 24 + hour) * 60 + minute`: no object per call. */
  private local(ms: number): number {
    // Cached per quarter hour of UTC: zones change offset on the quarter hour at the finest (St John's at 04:30 UTC).
    const h = ms - (((ms % QUARTER) + QUARTER) % QUARTER);
    let c = this.cache.get(h);
    if (c === undefined) {
      const parts = this.fmt.formatToParts(new Date(h));
      const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '0';
      c = ((WEEKDAY[get('weekday')] ?? 0) * 24 + Number(get('hour'))) * 60 + Number(get('minute'));
      if (this.cache.size > 50_000) this.cache.clear();
      this.cache.set(h, c);
    }
    const weekday = Math.floor(c / (24 * 60));
    const minute = (c % 60) + Math.floor((ms - h) / 60_000);
    // A half-hour or 45-minute zone rolls the local hour within one UTC hour, and past 23:59 the local day with it.
    const hour = Math.floor(c / 60) % 24 + Math.floor(minute / 60);
    return ((hour >= 24 ? (weekday + 1) % 7 : weekday) * 24 + (hour % 24)) * 60 + (minute % 60);
  }

  /** Hour-of-week slot, 0 = Monday 00:00 local. */
  slot(ms: number): number {
    return Math.floor(this.local(ms) / 60);
  }

  /** Org-local calendar day of an instant, as days since 1970-01-01 (local); its weekday is `localWeekday`. */
  localDay(ms: number): number {
    const weekday = Math.floor(this.local(ms) / (24 * 60));
    // The local date is the UTC date shifted by the zone offset, which `local` gives as weekday and hour.
    const utcDay = Math.floor(ms / DAY);
    const utcWeekday = (utcDay + 3) % 7; // 1970-01-01 was a Thursday (Monday = 0)
    const shift = ((weekday - utcWeekday + 10) % 7) - 3; // -1, 0 or +1 day
    return utcDay + shift;
  }

  /** Org-local hour of day (0–23). */
  localHour(ms: number): number {
    return Math.floor(this.local(ms) / 60) % 24;
  }

  /** Inside the org's configured business days and hours (local time)? */
  businessHours(ms: number): boolean {
    const l = this.local(ms);
    if (!this.days.has(Math.floor(l / (24 * 60)))) return false;
    const m = l % (24 * 60);
    return m >= this.startMin && m < this.endMin;
  }
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

export const HOURS_PER_WEEK = 168;
export { HOUR };

/** Weekday (Monday = 0) of a local epoch day. */
export const localWeekday = (localDay: number): number => (((localDay + 3) % 7) + 7) % 7;
/** Saturday or Sunday. */
export const isWeekend = (localDay: number): boolean => localWeekday(localDay) >= 5;
