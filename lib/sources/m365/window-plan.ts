/** Listing windows over `contentCreated` (blob availability time), within the Management Activity API's rules. */

export const HOUR_MS = 3_600_000;
/** The API rejects windows longer than 24 h. */
export const MAX_WINDOW_MS = 24 * HOUR_MS;
/** startTime may be at most 7 days ago. */
export const RETENTION_MS = 7 * 24 * HOUR_MS;

export interface WindowPlanInput {
  /** Everything with `contentCreated` before this was listed and processed (absent on a first run). */
  listedUntil: Date | undefined;
  /** Where a first run starts. */
  initialStart: Date;
  now: Date;
  /** How far before `listedUntil` to list again, for blobs that become visible late. */
  overlapMs: number;
  /** Safety margin inside the 7-day limit: request latency and clock skew would otherwise make the start too old. */
  retentionMarginMs: number;
  maxWindowMs?: number;
}

export interface ListWindow {
  start: Date;
  end: Date;
}

/** The first window to list this run, or null when there is nothing to list yet. */
export function firstWindow(p: WindowPlanInput): ListWindow | null {
  const nominal = p.listedUntil ? p.listedUntil.getTime() - p.overlapMs : p.initialStart.getTime();
  return windowFrom(nominal, p);
}

/** The window after `prev` (which was fully processed), or null once the run has caught up with `now`. */
export function nextWindow(prev: ListWindow, p: WindowPlanInput): ListWindow | null {
  if (prev.end.getTime() >= p.now.getTime()) return null;
  return windowFrom(prev.end.getTime(), p);
}

function windowFrom(nominalStart: number, p: WindowPlanInput): ListWindow | null {
  const now = p.now.getTime();
  const oldest = now - RETENTION_MS + p.retentionMarginMs;
  const start = Math.max(nominalStart, oldest);
  const end = Math.min(start + (p.maxWindowMs ?? MAX_WINDOW_MS), now);
  if (end <= start) return null;
  return { start: new Date(start), end: new Date(end) };
}

/**
 * Never-listed time the API no longer serves (older than its 7 days): `[fromMs, toMs)`, or null. The planner starts
 * at `toMs`; what was in the gap is lost, and the loop logs and counts it.
 */
export function retentionGap(p: WindowPlanInput): { fromMs: number; toMs: number } | null {
  const oldest = p.now.getTime() - RETENTION_MS + p.retentionMarginMs;
  const from = p.listedUntil ? p.listedUntil.getTime() : p.initialStart.getTime();
  return from < oldest ? { fromMs: from, toMs: oldest } : null;
}

/** The API's `YYYY-MM-DDTHH:MM:SS` (UTC, no zone). Sub-second parts are dropped, so starts round down. */
export function apiTime(d: Date): string {
  return d.toISOString().slice(0, 19);
}
