import { DAY, MINUTE, iso } from '../time.ts';

/**
 * How far an event may lie after its collection time: vendor and collector clocks disagree by seconds, rarely by
 * minutes. A record dated later was not written by the vendor at that time (a bad clock or a forged record).
 */
export const FUTURE_TOLERANCE_MS = 15 * MINUTE;

/**
 * How far an event may lie before its collection time: the longest vendor retention we read (Salesforce Shield
 * EventLogFiles and M365 Audit Premium keep a year) plus a month of slack for late exports and replays.
 */
export const MAX_RECORD_AGE_MS = 400 * DAY;

/** No vendor we read kept audit logs before 2000; earlier times (1970, the epoch of a zeroed field) are garbage. */
export const EARLIEST_PLAUSIBLE_MS = Date.UTC(2000, 0, 1);

/** The span of event times a record collected at `reference` (epoch ms) may have; without one, only the floor. */
export interface TimeWindow {
  earliest: number;
  latest: number;
}

export function plausibleWindow(reference: number | undefined): TimeWindow {
  if (reference === undefined) return { earliest: EARLIEST_PLAUSIBLE_MS, latest: Number.POSITIVE_INFINITY };
  return { earliest: Math.max(EARLIEST_PLAUSIBLE_MS, reference - MAX_RECORD_AGE_MS), latest: reference + FUTURE_TOLERANCE_MS };
}

/**
 * The time a record is judged against: when the collector fetched it, but never later than the run's clock (a
 * batch cannot have been fetched in the future, so a forged `fetchedAt` cannot widen the window); the clock alone
 * for vendor files, which carry no collection time.
 */
export function referenceTime(collectedAt: number | undefined, now: number | undefined): number | undefined {
  if (collectedAt === undefined) return now;
  return now === undefined ? collectedAt : Math.min(collectedAt, now);
}

/** Why `time` lies outside `window` (the reject detail), or undefined when it is plausible. */
export function implausibility(time: number, window: TimeWindow): string | undefined {
  if (time > window.latest) return `event time ${show(time)} is after ${show(window.latest)} (collection time + ${FUTURE_TOLERANCE_MS / MINUTE} min)`;
  if (time < window.earliest) {
    return window.earliest === EARLIEST_PLAUSIBLE_MS
      ? `event time ${show(time)} is before ${show(EARLIEST_PLAUSIBLE_MS)}`
      : `event time ${show(time)} is before ${show(window.earliest)} (collection time − ${MAX_RECORD_AGE_MS / DAY} days)`;
  }
  return undefined;
}

/** ISO text of a time, or its number when no Date can hold it (toISOString throws past ±8.64e15 ms). */
const show = (ms: number): string => (Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? iso(ms) : String(ms));
