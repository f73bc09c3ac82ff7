import { createHash, type Hash } from 'node:crypto';
import type { OversizeItem } from '../adapters/state/item-size.ts';
import type { Clock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import { DetectionRun } from '../core/engine.ts';
import type { BatchResult } from '../core/engine.ts';
import type { Reject } from '../core/event.ts';
import { newNormalizeContext, normalizeRecord } from '../core/normalize/index.ts';
import type { NormalizeContext } from '../core/normalize/index.ts';
import type { StatePort } from '../core/state.ts';
import { BatchPartlyFoldedError, emptySnapshot } from '../core/state.ts';
import type { BatchLedger } from './batch-ledger.ts';
import type { BatchRun } from './batch-run.ts';
import { loadIdentities } from './identity-loader.ts';
import type { RawItem, RawRecordItem } from './raw-item.ts';
import { saveWithinBudget } from './save-within-budget.ts';
import { learnUsernames, saveLearnedUsernames } from './learn-usernames.ts';
import type { UsernameBookStore } from './username-book.ts';

export interface BatchProgress {
  records: number;
  rejected: number;
}

/**
 * Parts of one batch that each have their own identity in the ledger (the vendor files of a replay, which form one
 * detection batch): adding a file to a directory and replaying it again detects only the new file.
 */
export interface BatchParts {
  /** Input name (`ref.file` of its records) → the part's ledger id. */
  byFile: ReadonlyMap<string, string>;
  /** Part ids already processed: their records are read and counted (and dedupe against), never detected again. */
  processed: ReadonlySet<string>;
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
  /**
   * Durable record of processed batches: a batch (by its id) found there is read and counted but changes nothing;
   * a batch detected is recorded there after its state is saved, under its id, `aliases` and its new `parts`.
   */
  ledger?: BatchLedger;
  /** More ledger ids naming this batch (the detect Lambda: its S3 object, checked before reading it). */
  aliases?: readonly string[];
  parts?: BatchParts;
  /**
   * The input is several batches detected as one (the detect Lambda's queued S3 objects of one source): each file
   * keeps its own id, the content id it would have alone, marked in every profile the run touches and recorded in the
   * ledger, so a file detected again, alone or grouped otherwise, counts nothing twice. A profile or the ledger holding
   * some of the files but not all fails the run (BatchPartlyFoldedError) before anything is saved.
   * Not with `batchId` or `parts`.
   */
  separateFiles?: boolean;
  /** Salesforce usernames learned by earlier batches, loaded before this one and updated after it. */
  usernames?: UsernameBookStore;
  /** State items left unwritten because they were over budget (the rest of the batch is saved). */
  onOversize?: (items: readonly OversizeItem[]) => void;
  /** Every reject as it happens, with the raw record when there is one: what a caller writes to quarantine. */
  onReject?: (reject: Reject, item?: RawRecordItem) => void;
  onProgress?: (p: BatchProgress) => void;
  /** The batch's detection run (default: one DetectionRun in this thread; `replay --workers`: a ParallelRun). */
  newRun?: () => BatchRun;
  /**
   * Awaited after the records are read and before state is touched: a replay reads the next batch while the one
   * before it is judged, and judges it only once that one is saved.
   */
  ready?: Promise<unknown>;
  /** Every record is read (what a replay waits for before reading the next batch). */
  onIngested?: () => void;
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
  /** The batch was processed before: it was read and counted, and nothing was detected or saved. */
  alreadyProcessed: boolean;
  /** State items left unwritten because they were over budget. */
  oversize: OversizeItem[];
}

const PROGRESS_EVERY = 10_000;

/**
 * One batch through normalize → detection core → state: streams the items (memory grows with principals, not
 * records, unless `dedupe` holds ids), loads state only for the principals and identities met, calls
 * `beforeSave`, saves the state changes, then the usernames learned, then records the batch as processed.
 * The returned alerts are already deduplicated against state by the core.
 */
export async function detectBatch(items: AsyncIterable<RawItem>, deps: DetectBatchDeps): Promise<DetectBatchOutcome> {
  const run: BatchRun = deps.newRun?.() ?? new DetectionRun(deps.config, deps.clock);
  try {
    return await detectWith(run, items, deps);
  } finally {
    run.dispose?.();
  }
}

async function detectWith(run: BatchRun, items: AsyncIterable<RawItem>, deps: DetectBatchDeps): Promise<DetectBatchOutcome> {
  const ctx = deps.normalizeContext ?? newNormalizeContext(deps.clock);
  const names = deps.usernames ? await learnUsernames(ctx, deps.usernames) : undefined;
  const given = deps.batchId;
  let alreadyProcessed = given !== undefined && deps.ledger !== undefined && (await deps.ledger.processed([given])).has(given);
  if (deps.separateFiles && (given !== undefined || deps.parts)) throw new TypeError('detectBatch: separateFiles takes neither batchId nor parts');
  const hash = given === undefined && !deps.separateFiles ? createHash('sha256') : undefined;
  // separateFiles: each file's content id, by `ref.file` (records of one file come together: the last one is cached).
  const fileHashes = deps.separateFiles ? new Map<string, Hash>() : undefined;
  let hashFile: string | undefined;
  let fileHash: Hash | undefined;
  const seen = deps.dedupe ? new Set<string>() : undefined;
  const counts: BatchCounts = { records: 0, normalized: 0, events: 0, duplicates: 0, rejected: {} };
  const rejects: Reject[] = [];
  const parts = deps.parts;
  let liveRecords = 0;

  const rejectWith = (r: Reject, item?: RawRecordItem): void => {
    counts.rejected[r.reason] = (counts.rejected[r.reason] ?? 0) + 1;
    rejects.push(r);
    run.addReject(r);
    deps.onReject?.(r, item);
  };
  // Whether the records of a file reach the core: not when the batch or that part was processed already.
  let lastFile: string | undefined;
  let lastLive = true;
  const isLive = (file: string): boolean => {
    if (alreadyProcessed) return false;
    if (!parts) return true;
    if (file !== lastFile) {
      lastFile = file;
      const part = parts.byFile.get(file);
      lastLive = part === undefined || !parts.processed.has(part);
    }
    return lastLive;
  };

  for await (const item of items) {
    if (item.kind === 'reject') {
      if (item.record) counts.records++;
      rejectWith(item.reject, item.record);
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
    const live = isLive(item.ref.file);
    if (live) {
      liveRecords++;
      if (fileHashes && item.ref.file !== hashFile) {
        hashFile = item.ref.file;
        fileHash = fileHashes.get(hashFile) ?? createHash('sha256');
        fileHashes.set(hashFile, fileHash);
      }
      (fileHash ?? hash)?.update(`${item.source}\u0000${item.stream}\u0000${item.id}\n`);
    }
    const out = normalizeRecord(item.source, item, ctx);
    if (out.ok) {
      counts.normalized++;
      if (live) {
        for (const e of out.events) run.add(e);
        counts.events += out.events.length;
      }
    } else {
      const r: Reject = { reason: out.reason, ref: item.ref, source: item.source };
      if (out.detail !== undefined) r.detail = out.detail;
      rejectWith(r, item);
    }
    if (deps.onProgress && counts.records % PROGRESS_EVERY === 0) deps.onProgress({ records: counts.records, rejected: rejects.length });
  }
  deps.onProgress?.({ records: counts.records, rejected: rejects.length });
  deps.onIngested?.();
  await deps.ready;

  // A file with no live records touches no profile: it needs no id of its own (all such files share one).
  const ids = fileHashes && fileHashes.size > 0 ? [...fileHashes.values()].map(contentId) : [given ?? contentId(hash ?? createHash('sha256'))];
  if (new Set(ids).size < ids.length) throw new SameRecordsError(ids.filter((id, i) => ids.indexOf(id) !== i));
  const batchId = ids.length === 1 ? ids[0]! : `${ids[0]}+${ids.length - 1}`;
  const aliases = deps.aliases ?? [];
  if (!alreadyProcessed && parts && liveRecords === 0 && counts.records > 0) alreadyProcessed = true; // every part seen before
  if (!alreadyProcessed && given === undefined && deps.ledger) {
    const done = await deps.ledger.processed(ids);
    if (done.size > 0 && done.size < ids.length) throw new BatchPartlyFoldedError('the processed-batch ledger', [...done], ids.filter((id) => !done.has(id)));
    alreadyProcessed = done.size > 0;
  }
  if (alreadyProcessed) {
    // Nothing reaches state: the counts and rejects describe the input, the result is that of an empty batch.
    if (aliases.length) await deps.ledger?.markProcessed(aliases);
    const empty = new DetectionRun(deps.config, deps.clock);
    for (const r of rejects) empty.addReject(r);
    return { batchId, result: empty.finish(emptySnapshot(), batchId), counts, alreadyProcessed, oversize: [] };
  }

  // Profiles first; identities only for the people who raised signals (usually a few).
  const snapshot = await deps.state.load(run.keys());
  const needed = await run.evaluate(snapshot, ids);
  const result = run.correlate(await loadIdentities(deps.state, needed.identities));
  // E.g. record alerts before state says the batch was counted: a crash in between must not lose them.
  await deps.beforeSave?.(result);
  const oversize = await saveWithinBudget(deps.state, result.changes, deps.onOversize);
  if (names && deps.usernames) await saveLearnedUsernames(deps.usernames, names, deps.clock.now());
  // Last: a crash before this line re-runs the batch, which the profiles' batch markers then count once.
  if (deps.ledger) {
    const newParts = parts ? [...new Set(parts.byFile.values())].filter((p) => !parts.processed.has(p)) : [];
    await deps.ledger.markProcessed([...ids, ...aliases, ...newParts]);
  }
  return { batchId, result, counts, alreadyProcessed, oversize };
}

/**
 * Two files of a `separateFiles` run hold the same records (a batch written twice under two keys): together they would
 * count them twice. The caller detects the files one at a time, where the ledger recognises the second.
 */
export class SameRecordsError extends Error {
  constructor(readonly ids: readonly string[]) {
    super(`files detected together hold the same records (${ids.join(', ')})`);
    this.name = 'SameRecordsError';
  }
}

const contentId = (h: Hash): string => `sha256:${h.digest('hex').slice(0, 32)}`;
