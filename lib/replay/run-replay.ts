import type { Alert } from '../core/alert.ts';
import type { Clock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import type { Reject } from '../core/event.ts';
import { newNormalizeContext } from '../core/normalize/index.ts';
import type { StatePort } from '../core/state.ts';
import { detectBatch } from '../pipeline/detect-batch.ts';
import type { BatchCounts } from '../pipeline/detect-batch.ts';
import type { RawItem, RawRecordItem } from '../pipeline/raw-item.ts';
import { classifyInput } from './classify-input.ts';
import { readInput } from './read-input.ts';
import { applyEscalation } from '../core/alert-escalation.ts';
import type { ReadLimits } from './read-limits.ts';
import { DEFAULT_READ_LIMITS } from './read-limits.ts';
import type { ReplayInput } from './replay-input.ts';

export interface ReplayProgress {
  filesDone: number;
  files: number;
  file?: string;
  records: number;
}

export interface ReplayDeps {
  state: StatePort;
  config: Config;
  clock: Clock;
  onReject?: (reject: Reject, item?: RawRecordItem) => void;
  onProgress?: (p: ReplayProgress) => void;
  /** How much of one input is held or decoded (README "Replay: hostile input"); the defaults when absent. */
  limits?: ReadLimits;
}

export interface ReplayOutcome {
  files: number;
  /** Detection batches run: one per project batch file, plus one for all vendor-native files together. */
  batches: number;
  counts: BatchCounts;
  /**
   * Everything read: records, plus lines and inputs rejected before they were records (bad JSON, too long, a gzip
   * bomb…). `counts.normalized + counts.duplicates + Σ counts.rejected = read`: nothing is lost uncounted.
   */
  read: number;
  /** New alerts of all batches, in the order the batches ran. */
  alerts: Alert[];
  /** Expired config entries the core ignored. */
  expiredEntries: string[];
}

/**
 * Replays inputs the way production detects them: project batch files (collector output) one batch each, in
 * key order, like the detect Lambda; all vendor-native files of the replay as one batch after them (the core
 * orders events by time). State is saved after every batch.
 */
export async function runReplay(inputs: ReplayInput[], deps: ReplayDeps): Promise<ReplayOutcome> {
  const batchFiles: ReplayInput[] = [];
  const vendorFiles: ReplayInput[] = [];
  for (const input of inputs) ((await classifyInput(input)) === 'batch' ? batchFiles : vendorFiles).push(input);

  // The run's clock is the collection time of vendor files, which carry none (normalize/time-plausibility.ts).
  const ctx = newNormalizeContext(deps.clock);
  const limits = deps.limits ?? DEFAULT_READ_LIMITS;
  const total: BatchCounts = { records: 0, normalized: 0, events: 0, duplicates: 0, rejected: {} };
  let unreadable = 0;
  const alerts: Alert[] = [];
  const expired = new Set<string>();
  let filesDone = 0;
  let recordsBefore = 0;
  let batches = 0;

  const progress = (records: number, file?: string): void =>
    deps.onProgress?.({ filesDone, files: inputs.length, records: recordsBefore + records, ...(file ? { file } : {}) });

  async function* readAll(files: ReplayInput[]): AsyncGenerator<RawItem> {
    for (const f of files) {
      progress(0, f.name);
      for await (const item of readInput(f, limits)) {
        if (item.kind === 'reject') unreadable++;
        yield item;
      }
      filesDone++;
    }
  }

  const runOne = async (files: ReplayInput[], dedupe: boolean): Promise<void> => {
    const out = await detectBatch(readAll(files), {
      state: deps.state,
      config: deps.config,
      clock: deps.clock,
      dedupe,
      normalizeContext: ctx,
      ...(deps.onReject ? { onReject: deps.onReject } : {}),
      onProgress: (p) => progress(p.records),
    });
    batches++;
    addCounts(total, out.counts);
    recordsBefore = total.records;
    alerts.push(...out.result.alerts);
    // An alert of an earlier batch that a later fact escalated is printed again as its update.
    for (const e of out.result.escalations) {
      for (let i = alerts.length - 1; i >= 0; i--) {
        if (alerts[i]!.id !== e.id) continue;
        alerts.push(applyEscalation(alerts[i]!, e));
        break;
      }
    }
    for (const e of out.result.expiredEntries) expired.add(e);
  };

  for (const f of batchFiles) await runOne([f], false);
  if (vendorFiles.length > 0) await runOne(vendorFiles, true);
  progress(0);
  return { files: inputs.length, batches, counts: total, read: total.records + unreadable, alerts, expiredEntries: [...expired] };
}

function addCounts(into: BatchCounts, c: BatchCounts): void {
  into.records += c.records;
  into.normalized += c.normalized;
  into.events += c.events;
  into.duplicates += c.duplicates;
  for (const [reason, n] of Object.entries(c.rejected)) into.rejected[reason] = (into.rejected[reason] ?? 0) + n;
}
