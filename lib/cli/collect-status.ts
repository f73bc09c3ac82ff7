import { HealthSchema } from '../sources/run/stored.ts';

const age = (ms: number): string => {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  if (s < 172_800) return `${(s / 3600).toFixed(1)}h`;
  return `${(s / 86_400).toFixed(1)}d`;
};
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * One line of `hoardwatch collect --status` from a source's stored checkpoint: the local view of the health metrics
 * the Lambda emits (lag, newest event age, the last run's counts). Vendor text never reaches it.
 */
export function formatStatus(source: string, stored: unknown, nowMs: number): string {
  if (stored === undefined || stored === null) return `${source}: never collected`;
  const parsed = HealthSchema.safeParse((stored as { health?: unknown }).health ?? {});
  if (!parsed.success) return `${source}: checkpoint present, health unreadable`;
  const h = parsed.data;
  const parts: string[] = [];
  parts.push(h.readThroughMs === undefined ? 'read through: not yet complete' : `read through ${iso(h.readThroughMs)} (lag ${age(nowMs - h.readThroughMs)})`);
  parts.push(h.newestEventMs === undefined ? 'no events yet' : `newest event ${iso(h.newestEventMs)} (age ${age(nowMs - h.newestEventMs)})`);
  const r = h.lastRun;
  if (r) {
    parts.push(`last run ${iso(r.at)} ${r.status}: written=${r.written} duplicates_dropped=${r.duplicatesDropped} late_caught=${r.lateArrivals} ` +
      `off_contract=${r.offContract} skipped_past_retention=${r.retentionSkips}${r.error ? ` error="${r.error.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')}"` : ''}`);
  }
  return `${source}: ${parts.join('; ')}`;
}
