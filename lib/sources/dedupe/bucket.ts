/**
 * Dedupe buckets: what a collector wrote is kept per namespace and per hour of the item's own time (a record's
 * event time, a blob's contentCreated, a log file's CreatedDate). A record re-served later carries the same time, so
 * one lookup reads one hour's bucket, whatever the run's lookback. Items without a usable time (off-contract records)
 * share one `none` bucket per namespace.
 */
export const HOUR_MS = 3_600_000;
/** Years 1970..9999: anything else is no usable time. */
const MAX_MS = Date.UTC(9999, 11, 31);

export function bucketHour(atMs: number): number | undefined {
  if (!Number.isFinite(atMs) || atMs < 0 || atMs > MAX_MS) return undefined;
  return Math.floor(atMs / HOUR_MS);
}

/** `id#2026-11-22T03`, `blob:Audit.SharePoint#none`: the key of one bucket inside a source. */
export function bucketKey(ns: string, atMs: number): string {
  const h = bucketHour(atMs);
  return `${ns}#${h === undefined ? 'none' : new Date(h * HOUR_MS).toISOString().slice(0, 13)}`;
}

/** End of a bucket's hour (ms); 0 for `none`. */
export function bucketEndMs(key: string): number {
  const hour = key.slice(key.lastIndexOf('#') + 1);
  if (hour === 'none') return 0;
  return Date.parse(`${hour}:00:00Z`) + HOUR_MS;
}
