import type { RunSummary } from './collector.ts';

/** The one line a run prints (CLI stdout, Lambda log). */
export function formatRunSummary(s: RunSummary): string {
  if (s.status === 'lease-held') return `${s.source} run ${s.runId}: skipped, another run holds the lease`;
  return (
    `${s.source} run ${s.runId}: ${s.status}; pages=${s.pages} records=${s.records} batches=${s.batches} ` +
    `written=${s.envelopes} duplicates_dropped=${s.duplicatesDropped} retries=${s.retries} ` +
    `late_caught=${s.lateArrivals} off_contract=${s.offContract} skipped_past_retention=${s.retentionSkips} ` +
    `duration=${(s.durationMs / 1000).toFixed(1)}s cursor: ${s.cursorText}`
  );
}
