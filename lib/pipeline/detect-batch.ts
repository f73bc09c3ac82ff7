import { createHash } from 'node:crypto';
import type { Clock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import { DetectionRun } from '../core/engine.ts';
import type { BatchResult } from '../core/engine.ts';
import type { Reject } from '../core/event.ts';
import { newNormalizeContext, normalizeRecord } from '../core/normalize/index.ts';
import type { NormalizeContext } from '../core/normalize/index.ts';
import type { StatePort } from '../core/state.ts';
import type { RawItem, RawRecordItem } from './raw-item.ts';

export interface BatchProgress {
  records: number;
  rejected: number;
}

export interface DetectBatchDeps {
  state: StatePort;
  config: Config;
  clock: Clock;
  /** Given (e.g. the S3 key), or derived from the records' ids so that the same input replayed twice is recognised. */
  batchId?: string;
  /**
   * Drop records whose (source, id) was already seen in this batch. For vendor-native files (M365 documents
   * duplicates); project batches are deduped by the collectors and need no id set held in memory.
   */
  dedupe?: boolean;
  /** Shared across the batches of one replay so facts learned early (Salesforce usernames) serve later batches. */
  normalizeContext?: NormalizeContext;
  /** Every reject as it happens, with the raw record when there is one: what a caller writes to quarantine. */
  onReject?: (reject: Reject, item?: RawRecordItem) => void;
  onProgress?: (p: BatchProgress) => void;
  /** Runs after detection and before the state save (the detect Lambda records alerts here). */
  beforeSave?: (result: BatchResult) => Promise<void>;
}

export interface BatchCounts {
  /** Records read (rejected, duplicate and normalized ones). */
  records: number;
  /** Records that normalized into at least one event. */
  normalized: number;
  /** Events fed to the detection core (a record may yield several). */
  events: number;
  duplicates: number;
  /** Rejects by reason, read errors and normalizer rejects alike. */
  rejected: Record<string, number>;
}

export interface DetectBatchOutcome {
  batchId: string;
  result: BatchResult;
  counts: BatchCounts;
}

const PROGRESS_EVERY = 10_000;

/**
 * One batch through normalize → detection core → state: streams the items (memory grows with principals, not
 * records, unless `dedupe` holds ids), loads state only for the principals and identities met, calls
 * `beforeSave`, and saves the state changes before returning. The returned alerts are already deduplicated against state by the core.
 */
export async function detectBatch(items: AsyncIterable<RawItem>, deps: DetectBatchDeps): Promise<DetectBatchOutcome> {
  const run = new DetectionRun(deps.config, deps.clock);
  const ctx = deps.normalizeContext ?? newNormalizeContext(deps.clock);
  const hash = deps.batchId === undefined ? createHash('sha256') : undefined;
  const seen = deps.dedupe ? new Set<string>() : undefined;
  const counts: BatchCounts = { records: 0, normalized: 0, events: 0, duplicates: 0, rejected: {} };
  let rejectedTotal = 0;

  const rejectWith = (r: Reject, item?: RawRecordItem): void => {
    counts.rejected[r.reason] = (counts.rejected[r.reason] ?? 0) + 1;
    rejectedTotal++;
    run.addReject(r);
    deps.onReject?.(r, item);
  };

  for await (const item of items) {
    if (item.kind === 'reject') {
      rejectWith(item.reject);
      continue;
    }
    counts.records++;
    if (seen) {
      const k = `${item.source}\u0000${item.id}`;
      if (seen.has(k)) {
        counts.duplicates++;
        continue;
      }
      seen.add(k);
    }
    hash?.update(`${item.source}\u0000${item.stream}\u0000${item.id}\n`);
    const out = normalizeRecord(item.source, item, ctx);
    if (out.ok) {
      counts.normalized++;
      for (const e of out.events) run.add(e);
      counts.events += out.events.length;
    } else {
      const r: Reject = { reason: out.reason, ref: item.ref, source: item.source };
      if (out.detail !== undefined) r.detail = out.detail;
      rejectWith(r, item);
    }
    if (deps.onProgress && counts.records % PROGRESS_EVERY === 0) deps.onProgress({ records: counts.records, rejected: rejectedTotal });
  }
  deps.onProgress?.({ records: counts.records, rejected: rejectedTotal });

  const batchId = deps.batchId ?? `sha256:${hash!.digest('hex').slice(0, 32)}`;
  // Profiles first; identities only for the people who raised signals (usually a few).
  const snapshot = await deps.state.load(run.keys());
  const needed = run.evaluate(snapshot, batchId);
  const identities = needed.identities.length ? (await deps.state.load(needed)).identities : new Map();
  const result = run.correlate(identities);
  // E.g. record alerts before state says the batch was counted: a crash in between must not lose them.
  await deps.beforeSave?.(result);
  await deps.state.save(result.changes);
  return { batchId, result, counts };
}
