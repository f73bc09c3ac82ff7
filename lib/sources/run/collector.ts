/**
 * Collector foundations: the contract between vendor pull loops and the runner.
 *
 *   A vendor writes a `PullLoop<C>`: `pull(cursor, ctx)` is an async generator that resumes from `cursor` (null on
 *   the first run), calls the vendor, and yields `PullStep`s: `{stream, envelopes, cursor}` where `cursor` is the
 *   state to resume from once *these* envelopes are durable (usually one step per page or per blob). It checks
 *   `ctx.shouldStop()` before each vendor call and returns when told to; it never writes or checkpoints itself.
 *   Dedupe (ids already delivered) is the loop's job: keep what it needs inside the cursor, validated by `cursorSchema`.
 *
 *   `collectorFrom(loop)` (runner.ts) turns it into a `Collector` whose `runOnce(ctx)`:
 *     1. takes the lease (CheckpointStore.acquireLease, owner = runId) — held elsewhere → summary status 'lease-held';
 *     2. loads and validates the checkpoint;
 *     3. for each step: records a write intent (pending batch key) in the checkpoint, writes the batch via BatchSink,
 *        and only after the write resolved checkpoints the step's cursor, then notifies the HandoffPort;
 *        a crash between write and checkpoint leaves the intent, and the next run rewrites the *same key*
 *        (so a batch is replaced, never doubled);
 *     4. stops cleanly when the time budget is spent (the next run resumes from the last checkpoint);
 *     5. releases the lease and returns a `RunSummary` (`formatRunSummary` prints the one line).
 *
 *   Vendor HTTP: lib/sources/http (HttpClient with retries, rate limiter, typed redacted errors).
 *   Env factories (`collectorFromEnv(env, {since})`) throw MissingCredentialsError / CollectorSetupError (run/errors.ts).
 */
import type { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import type { Envelope } from '../../core/envelope.ts';
import type { Source } from '../../core/event.ts';
import type { Random, Sleep } from '../http/sleep.ts';
import type { BatchSink, CheckpointStore, HandoffPort } from '../ports.ts';

export interface PullStep<C> {
  /** Envelope stream for the batch key (`audit`, `Audit.SharePoint`, `elf:Report`…). */
  stream: string;
  /** New records only (already deduplicated); may be empty when only the cursor moved. */
  envelopes: Envelope[];
  /** Where to resume once these envelopes are durable. */
  cursor: C;
  /** Vendor pages/blobs/files fetched for this step. */
  pages?: number;
  /** Records read from the vendor for this step, duplicates included. */
  records?: number;
  /** Records dropped because their id was already delivered (or repeated within the step). */
  duplicatesDropped?: number;
}

export interface PullContext {
  runId: string;
  now(): number;
  /** True once the run's time budget is spent: make no further vendor call, return. */
  shouldStop(): boolean;
  log(line: string): void;
}

export interface PullLoop<C> {
  readonly source: Source;
  readonly cursorSchema: z.ZodType<C>;
  pull(cursor: C | null, ctx: PullContext): AsyncIterable<PullStep<C>>;
  /** HTTP retries spent so far (HttpClient.stats.retries). */
  retries(): number;
  /** Short human text for the summary line (e.g. `watermark=2026-11-22T03:00:00Z`); the cursor itself may be large. */
  describeCursor?(cursor: C | null): string;
}

export interface RunContext {
  sink: BatchSink;
  checkpoints: CheckpointStore;
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

export type RunStatus = 'completed' | 'budget-exhausted' | 'lease-held';

export interface RunSummary {
  source: Source;
  runId: string;
  status: RunStatus;
  pages: number;
  records: number;
  batches: number;
  envelopes: number;
  duplicatesDropped: number;
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
}

export type CollectorEnv = Readonly<Record<string, string | undefined>>;

/** Shape of `collectorFromEnv` in lib/sources/<vendor>/index.ts; throws MissingCredentialsError / CollectorSetupError. */
export type CollectorFactory = (env: CollectorEnv, opts?: CollectorFactoryOptions) => Collector;

export const DEFAULT_LOOKBACK_MS = 7 * 24 * 3600_000;
