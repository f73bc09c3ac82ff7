import type { Alert } from '../core/alert.ts';
import type { Clock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import type { Reject } from '../core/event.ts';
import { newNormalizeContext } from '../core/normalize/index.ts';
import type { StatePort } from '../core/state.ts';
import type { BatchLedger } from '../pipeline/batch-ledger.ts';
import type { BatchRun } from '../pipeline/batch-run.ts';
import { contentDigest } from '../pipeline/content-digest.ts';
import { detectBatch } from '../pipeline/detect-batch.ts';
import type { BatchCounts, BatchParts, DetectBatchOutcome } from '../pipeline/detect-batch.ts';
import type { RawItem, RawRecordItem } from '../pipeline/raw-item.ts';
import type { UsernameBookStore } from '../pipeline/username-book.ts';
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
  /** When it also keeps a batch ledger and the username book (FileState does), it serves those too. */
  state: StatePort;
  ledger?: BatchLedger;
  usernames?: UsernameBookStore;
  config: Config;
  clock: Clock;
  onReject?: (reject: Reject, item?: RawRecordItem) => void;
  onProgress?: (p: ReplayProgress) => void;
  /** How much of one input is held or decoded (README "Replay: hostile input"); the defaults when absent. */
  limits?: ReadLimits;
  /** Each batch's detection run (`--workers`: a ParallelRun over a worker pool); one DetectionRun when absent. */
  newRun?: () => BatchRun;
  /** Each batch's outcome as it ends, in batch order (the bench's figures per batch). */
  onBatch?: (out: DetectBatchOutcome) => void;
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
 *
 * With a batch ledger, a batch detected before is read and counted again but changes nothing. Each vendor file is
 * a part with its own identity (a digest of its bytes): replaying a directory again after adding a file detects the
 * new file only. Files seen before are read first, so a record the new file repeats is dropped as a duplicate.
 */
export async function runReplay(inputs: ReplayInput[], deps: ReplayDeps): Promise<ReplayOutcome> {
  const batchFiles: ReplayInput[] = [];
  const vendorFiles: ReplayInput[] = [];
  for (const input of inputs) ((await classifyInput(input)) === 'batch' ? batchFiles : vendorFiles).push(input);

  const ledger = deps.ledger ?? (isLedger(deps.state) ? deps.state : undefined);
  const usernames = deps.usernames ?? (isUsernameStore(deps.state) ? deps.state : undefined);
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

  const runOne = async (files: ReplayInput[], dedupe: boolean, parts?: BatchParts, order?: BatchOrder): Promise<void> => {
    const out = await detectBatch(readAll(files), {
      state: deps.state,
      config: deps.config,
      clock: deps.clock,
      dedupe,
      normalizeContext: ctx,
      ...(ledger ? { ledger } : {}),
      ...(usernames ? { usernames } : {}),
      ...(parts ? { parts } : {}),
      ...(deps.newRun ? { newRun: deps.newRun } : {}),
      ...(order ?? {}),
      ...(deps.onReject ? { onReject: deps.onReject } : {}),
      onProgress: (p) => progress(p.records),
    });
    batches++;
    deps.onBatch?.(out);
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

  if (deps.newRun) await pipelined(batchFiles, runOne);
  else for (const f of batchFiles) await runOne([f], false);
  if (vendorFiles.length > 0) {
    const parts = ledger ? await vendorParts(vendorFiles, ledger) : undefined;
    // Seen-before files first (stable sort: path order otherwise), so their ids are in the dedupe set first.
    const ordered = parts ? [...vendorFiles].sort((a, b) => seenRank(parts, a) - seenRank(parts, b)) : vendorFiles;
    await runOne(ordered, true, parts);
  }
  progress(0);
  return { files: inputs.length, batches, counts: total, read: total.records + unreadable, alerts, expiredEntries: [...expired] };
}

/** Where a batch waits in a pipelined replay: for the batch before it to be saved, and says when it is read. */
interface BatchOrder {
  ready: Promise<unknown>;
  onIngested: () => void;
}

/**
 * Batch files with worker threads: batch k+1 is read and normalized while batch k is judged by the workers, and is
 * judged (its state loaded) only once batch k is saved, so the result is that of one batch after the other. A failed
 * batch fails every batch after it, which then saves nothing.
 */
async function pipelined(files: readonly ReplayInput[], runOne: (files: ReplayInput[], dedupe: boolean, parts: undefined, order: BatchOrder) => Promise<void>): Promise<void> {
  const running: Promise<void>[] = [];
  let failure: { err: unknown } | undefined;
  let previous: Promise<unknown> = Promise.resolve();
  for (const f of files) {
    let ingested!: () => void;
    const read = new Promise<void>((resolve) => (ingested = resolve));
    const done = runOne([f], false, undefined, { ready: previous, onIngested: ingested });
    // Observed here so that a failure never goes unhandled; rethrown below once every batch has settled.
    const settled = done.then(() => undefined, (err: unknown) => void (failure ??= { err }));
    running.push(settled);
    previous = done;
    await Promise.race([read, settled]);
    if (failure) break;
  }
  await Promise.all(running);
  if (failure) throw failure.err;
}

const isLedger = (x: object): x is BatchLedger => typeof (x as Partial<BatchLedger>).markProcessed === 'function';
const isUsernameStore = (x: object): x is UsernameBookStore => typeof (x as Partial<UsernameBookStore>).saveUsernames === 'function';

/** Each vendor file's identity (digest of its bytes) and which were processed before; unreadable ones have none. */
async function vendorParts(files: readonly ReplayInput[], ledger: BatchLedger): Promise<BatchParts> {
  const byFile = new Map<string, string>();
  for (const f of files) {
    try {
      byFile.set(f.name, `file:${await contentDigest(await f.source.open(f.key))}`);
    } catch {
      // No identity: the file is read (and its failure reported) as usual, and never counted as seen before.
    }
  }
  return { byFile, processed: await ledger.processed([...new Set(byFile.values())]) };
}

function seenRank(parts: BatchParts, f: ReplayInput): number {
  const id = parts.byFile.get(f.name);
  return id !== undefined && parts.processed.has(id) ? 0 : 1;
}

function addCounts(into: BatchCounts, c: BatchCounts): void {
  into.records += c.records;
  into.normalized += c.normalized;
  into.events += c.events;
  into.duplicates += c.duplicates;
  for (const [reason, n] of Object.entries(c.rejected)) into.rejected[reason] = (into.rejected[reason] ?? 0) + n;
}
