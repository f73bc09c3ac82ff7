import { ORG } from '../org.ts';
import type { LocalDate } from '../zoned-time.ts';
import { isWeekday, localDateAt, localToUtc, nextDate } from '../zoned-time.ts';
import type { ScenarioContext } from './types.ts';

/**
 * Local dates lying wholly inside the simulated window, oldest first: for scenarios that write a habit (a nightly
 * job, a daily export) over the whole window so that detectors have seen it before the labelled days.
 */
export function fullDays(ctx: Pick<ScenarioContext, 'sink'>): LocalDate[] {
  const { start, end } = ctx.sink.window;
  const out: LocalDate[] = [];
  for (let d = localDateAt(start, ORG.timezone); localToUtc(d, 0, ORG.timezone) < end; d = nextDate(d)) {
    if (localToUtc(d, 0, ORG.timezone) >= start && localToUtc(nextDate(d), 0, ORG.timezone) <= end) out.push(d);
  }
  return out;
}

/** Full weekdays of the window; a window too short to hold one falls back to its full days (like `weekdayFromEnd`). */
export function fullWeekdays(ctx: Pick<ScenarioContext, 'sink'>): LocalDate[] {
  const days = fullDays(ctx);
  const weekdays = days.filter(isWeekday);
  return weekdays.length > 0 ? weekdays : days;
}
