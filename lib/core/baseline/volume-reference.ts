import { isWeekend } from '../local-time.ts';
import { settledBefore } from '../profile.ts';
import type { MetricDays } from '../state.ts';
import { sampleStats, type SampleStats } from './sample-stats.ts';

/** A day of a metric as judging sees it. */
interface DayPoint {
  day: number;
  total: number;
  peak: number;
  hour: number;
  alerted: boolean;
  weekend: boolean;
}

/** Recurring work at about the same local hour: judged against itself. */
export interface Habit {
  /** Days it recurred on. */
  days: number;
  /** The largest busiest hour and day total among them. */
  maxPeak: number;
  maxTotal: number;
}

/**
 * A habit needs this many settled days with the busiest hour at about the same time, in the last HABIT_LOOKBACK days:
 * the third time is no longer news (judging uses settled days, so a daily job is a habit from its fourth day).
 */
export const HABIT_DAYS = 2;
const HABIT_LOOKBACK_DAYS = 21;
/** Weekday and weekend days are judged apart once there are this many of the judged kind. */
const DAY_TYPE_MIN = 4;

/**
 * The principal's own history of one metric as of a judged day: settled days only (see SETTLE_DAYS), the same kind of
 * day (weekday or weekend) when there are enough, and days that raised an alert held out unless they recur as a habit.
 */
export class OwnHistory {
  /** Settled days with activity of the metric (alerted ones included). */
  readonly points: DayPoint[];
  /** Statistics of the settled day totals and busiest hours, alerting days held out unless habitual. */
  readonly day: SampleStats | null;
  readonly peak: SampleStats | null;
  /** Largest day total and busiest hour on record, alerting days included (a service account's envelope). */
  readonly maxTotal: number;
  readonly maxPeak: number;
  /** Whether the judged day is a weekend day. */
  private weekend = false;

  constructor(m: MetricDays | undefined, judgedDay: number, weekend: boolean, localDayOf: (utcDay: number) => number) {
    const last = settledBefore(judgedDay);
    this.points = [];
    if (m) {
      const alerted = new Set(m.a ?? []);
      for (let i = 0; i < m.d.length; i++) {
        const day = m.d[i]!;
        if (day > last || m.v[i]! <= 0) continue;
        this.points.push({ day, total: m.v[i]!, peak: m.p[i]!, hour: m.h[i]!, alerted: alerted.has(day), weekend: isWeekend(localDayOf(day)) });
      }
    }
    this.weekend = weekend;
    const counted = this.points.filter((p) => !p.alerted || this.habitAt(p.hour, judgedDay, p.weekend) !== null);
    const sameKind = counted.filter((p) => p.weekend === weekend);
    const sample = sameKind.length >= DAY_TYPE_MIN ? sameKind : counted;
    this.day = sampleStats(sample.map((p) => p.total));
    this.peak = sampleStats(sample.map((p) => p.peak));
    this.maxTotal = Math.max(0, ...this.points.map((p) => p.total));
    this.maxPeak = Math.max(0, ...this.points.map((p) => p.peak));
  }

  /**
   * Settled days of the same kind (weekday or weekend) in the last three weeks whose busiest hour fell within an hour
   * of `hour`: a habit at HABIT_DAYS. Work done on weekdays says nothing about the weekend, and the other way round.
   */
  habitAt(hour: number, judgedDay: number, weekend = this.weekend): Habit | null {
    let days = 0;
    let maxPeak = 0;
    let maxTotal = 0;
    for (const p of this.points) {
      if (judgedDay - p.day > HABIT_LOOKBACK_DAYS || p.weekend !== weekend) continue;
      const gap = Math.abs(p.hour - hour);
      if (Math.min(gap, 24 - gap) > 1) continue;
      days++;
      maxPeak = Math.max(maxPeak, p.peak);
      maxTotal = Math.max(maxTotal, p.total);
    }
    return days >= HABIT_DAYS ? { days, maxPeak, maxTotal } : null;
  }
}
