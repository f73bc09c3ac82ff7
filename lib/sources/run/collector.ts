/**
 * Collector foundations: the contract between vendor pull loops and the runner.
 *
 *   A vendor writes a `PullLoop<C>`: `pull(cursor, ctx)` is an async generator that resumes from `cursor` (null on
 *   the first run), calls the vendor, and yields `PullStep`s: `{stream, envelopes, eventTimes, marks, cursor}` where
 *   `cursor` is the state to resume from once *these* envelopes are durable. It checks `ctx.shouldStop()` before each
 *   vendor call and returns when told to; it never writes or checkpoints itself. Cursors stay small (positions, never
 *   id sets): what was already written lives in the dedupe buckets (lib/sources/dedupe), which the runner consults.
 *
 *   `collectorFrom(loop)` (runner.ts) turns it into a `Collector` whose `runOnce(ctx)`:
 *     1. takes the lease (CheckpointStore.acquireLease, owner = runId) — held elsewhere → summary status 'lease-held';
 *     2. loads and validates the checkpoint, and copies a journal a crashed run left in it into the buckets;
 *     3. for each step: drops envelopes whose id the source already wrote (or repeated within the step); records a
 *        write intent (pending batch key) in the checkpoint, writes the batch via BatchSink, and only after the write
 *        resolved checkpoints the step's cursor together with the digests it made durable (the journal, one atomic
 *        put), copies the journal into the buckets, then notifies the HandoffPort. A crash between write and
 *        checkpoint leaves the intent, and the next run rewrites the *same key* (a batch is replaced, never doubled);
 *        a step too large for one journal is committed in parts, all but the last with the previous cursor;
 *     4. stops cleanly when the time budget is spent (the next run resumes from the last checkpoint);
 *     5. records the run's health in the checkpoint, releases the lease and returns a `RunSummary`.
 *
 *   Vendor HTTP: lib/sources/http (HttpClient with retries, rate limiter, typed redacted errors).
 *   Env factories (`collectorFromEnv(env, {since})`) throw MissingCredentialsError / CollectorSetupError (run/errors.ts).
 */
import type { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import type { Envelope } from '../../core/envelope.ts';
import type { Source } from '../../core/event.ts';
import type { Redactor } from '../http/redact.ts';
import type { Random, Sleep } from '../http/sleep.ts';
import type { DedupeBackend } from '../dedupe/dedupe-backend.ts';
import type { DedupeKey } from '../dedupe/dedupe-store.ts';
import type { BatchSink, CheckpointStore, HandoffPort } from '../ports.ts';

/**
 * A unit of vendor data finished with a step (an M365 blob, a Salesforce log file), dated for its dedupe bucket; or
 * an id (or its digest) an earlier cursor version remembered, carried into the buckets once.
 */
export type Mark = DedupeKey;

export interface PullStep<C> {
  /** Envelope stream for the batch key (`audit`, `Audit.SharePoint`, `elf:Report`…). */
  stream: string;
  /**
   * Records read for this step; may be empty when only the cursor moved. Off-contract records are included, flagged
   * (`offContract`, see off-contract.ts).
   */
  envelopes: Envelope[];
  /**
   * Event time (ms) of each envelope, in order (NaN when it has none). With it, the runner drops every envelope whose
   * id the source already wrote, in this run or any earlier one (time-bucketed digests, lib/sources/dedupe), and
   * counts late arrivals. Without it the envelopes are written as they are: the loop is exact by other means (ELF
   * row offsets).
   */
  eventTimes?: number[];
  /** Units this step completes, recorded once it is durable; the loop asks `ctx.seen` before fetching one again. */
  marks?: Mark[];
  /** Where to resume once these envelopes are durable. */
  cursor: C;
  /** Vendor pages/blobs/files fetched for this step. */
  pages?: number;
  /** Records read from the vendor for this step, duplicates included. */
  records?: number;
  /** Records the loop itself dropped as already delivered (the runner adds those it drops). */
  duplicatesDropped?: number;
  /** Listing windows or blobs the vendor no longer keeps (older than its retention), skipped unread. */
  retentionSkips?: number;
}

export interface PullContext {
  runId: string;
  now(): number;
  /** True once the run's time budget is spent: make no further vendor call, return. */
  shouldStop(): boolean;
  log(line: string): void;
  /** Whether each unit was already finished (marked by a durable step of this or an earlier run). */
  seen(marks: readonly Mark[]): Promise<boolean[]>;
}

export interface PullLoop<C> {
  readonly source: Source;
  readonly cursorSchema: z.ZodType<C>;
  pull(cursor: C | null, ctx: PullContext): AsyncIterable<PullStep<C>>;
  /** HTTP retries spent so far (HttpClient.stats.retries). */
  retries(): number;
  /** Short human text for the summary line (e.g. `watermark=2026-11-22T03:00:00Z`). */
  describeCursor?(cursor: C | null): string;
  /** The time up to which the vendor's data has been read completely (collection lag = now − this). */
  readThrough?(cursor: C | null): number | undefined;
  /** Why the last pull ended before catching up, when the vendor stopped it (Salesforce's daily API quota). */
  stopReason?(): 'vendor-quota' | undefined;
}

export interface RunContext {
  sink: BatchSink;
  checkpoints: CheckpointStore;
  /** The source's dedupe buckets (what it already wrote), beside its checkpoint. */
  dedupe: DedupeBackend;
  /** How long dedupe buckets are kept (default 8 days: longer than any vendor re-serves data). */
  dedupeRetentionMs?: number;
  handoff?: HandoffPort;
  clock?: Clock;
  /** Default: ISO time + random (run-id.ts). */
  newRunId?: () => string;
  /** Pulling stops once this much time has passed (default 10 min); leave room below the Lambda timeout. */
  budgetMs?: number;
  /** Lease lifetime (default budget + 5 min): long enough to cover the run, short enough that a crashed run's lease frees up. */
  leaseTtlMs?: number;
  /** Progress/retry lines; everything passed here is already redacted. */
  log?: (line: string) => void;
}

export type RunStatus = 'completed' | 'budget-exhausted' | 'vendor-quota' | 'lease-held';

export interface RunSummary {
  source: Source;
  runId: string;
  status: RunStatus;
  pages: number;
  records: number;
  batches: number;
  envelopes: number;
  duplicatesDropped: number;
  /** Records written this run with an event time before the newest one already written before it. */
  lateArrivals: number;
  /** Records outside the vendor contract, written flagged for the detector to reject with its reason. */
  offContract: number;
  /** Listing windows or blobs skipped because the vendor no longer keeps them. */
  retentionSkips: number;
  /** Newest event time ever written for the source (ms), when known. */
  newestEventMs: number | undefined;
  /** Time up to which the vendor was read completely (ms), when known. */
  readThroughMs: number | undefined;
  retries: number;
  durationMs: number;
  /** The collector cursor after the run (null when none was ever stored). */
  cursor: unknown;
  cursorText: string;
  /** Batch keys written this run, in order. */
  keys: string[];
}

export interface Collector {
  readonly source: Source;
  runOnce(ctx: RunContext): Promise<RunSummary>;
}

/** Options every `collectorFromEnv(env, opts)` accepts; tests inject time and transport, the CLI passes `since`. */
export interface CollectorFactoryOptions {
  /** First-run lookback start (default: 7 days before the clock's now). Ignored once a checkpoint exists. */
  since?: Date;
  clock?: Clock;
  sleep?: Sleep;
  random?: Random;
  fetch?: typeof fetch;
  /** Redacted retry/progress lines. */
  log?: (line: string) => void;
  /**
   * Secret values and tokens obtained at run time are added to this redactor (the Lambda passes its logger's, so a
   * fresh Salesforce session or M365 bearer never reaches a log line).
   */
  redactor?: Redactor;
}

export type CollectorEnv = Readonly<Record<string, string | undefined>>;

/** Shape of `collectorFromEnv` in lib/sources/<vendor>/index.ts; throws MissingCredentialsError / CollectorSetupError. */
export type CollectorFactory = (env: CollectorEnv, opts?: CollectorFactoryOptions) => Collector;

export const DEFAULT_LOOKBACK_MS = 7 * 24 * 3600_000;
