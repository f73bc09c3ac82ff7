import type { Clock } from '../../core/clock.ts';
import { batchKey } from '../../core/envelope.ts';
import type { Envelope } from '../../core/envelope.ts';
import { DedupeStore } from '../dedupe/dedupe-store.ts';
import { journalOf, type Journal } from '../dedupe/journal.ts';
import type { Checkpoint, CheckpointStore } from '../ports.ts';
import type { Collector, PullContext, PullLoop, PullStep, RunContext, RunStatus, RunSummary } from './collector.ts';
import { CheckpointCorruptError } from './errors.ts';
import { newRunId } from './run-id.ts';
import { filterStep } from './step-filter.ts';
import { CHECKPOINT_BUDGET_BYTES, CheckpointTooLargeError, storedSchema, type LastRun, type Pending, type Stored } from './stored.ts';

const DEFAULT_BUDGET_MS = 10 * 60_000;
const LEASE_MARGIN_MS = 5 * 60_000;
const systemClock: Clock = { now: () => Date.now() };

/** Wraps a vendor pull loop into a Collector: lease, dedupe, durable write, then checkpoint, budget. */
export function collectorFrom<C>(loop: PullLoop<C>): Collector {
  return { source: loop.source, runOnce: (ctx) => runPullLoop(loop, ctx) };
}

export async function runPullLoop<C>(loop: PullLoop<C>, ctx: RunContext): Promise<RunSummary> {
  const clock = ctx.clock ?? systemClock;
  const log = ctx.log ?? (() => undefined);
  const runId = ctx.newRunId ? ctx.newRunId() : newRunId(clock, Math.random);
  const started = clock.now();
  const budgetMs = ctx.budgetMs ?? DEFAULT_BUDGET_MS;
  const source = loop.source;
  const describe = (c: C | null): string => (loop.describeCursor ? loop.describeCursor(c) : c === null ? 'none' : 'set');
  const summary: RunSummary = {
    source, runId, status: 'completed', pages: 0, records: 0, batches: 0, envelopes: 0, duplicatesDropped: 0,
    lateArrivals: 0, offContract: 0, retentionSkips: 0, newestEventMs: undefined, readThroughMs: undefined,
    retries: 0, durationMs: 0, cursor: null, cursorText: 'none', keys: [],
  };

  const held = await ctx.checkpoints.acquireLease(source, runId, ctx.leaseTtlMs ?? budgetMs + LEASE_MARGIN_MS, started);
  if (!held) {
    summary.status = 'lease-held';
    return summary;
  }
  let store: VersionedStore | undefined;
  let state: Stored<C> = { cursor: null };
  let failure: unknown;
  /** Journals copied into the buckets: the run's last health put need not carry them again. */
  const flushed = new Set<string>();
  try {
    const existing: Checkpoint<unknown> | null = await ctx.checkpoints.get<unknown>(source);
    if (existing) {
      const parsed = storedSchema(loop.cursorSchema).safeParse(existing.cursor);
      if (!parsed.success) throw new CheckpointCorruptError(source, parsed.error.issues[0]?.message ?? 'schema mismatch');
      state = parsed.data as Stored<C>;
    }
    store = new VersionedStore(ctx.checkpoints, source, existing?.version ?? 0);
    const dedupe = new DedupeStore({ backend: ctx.dedupe, now: () => clock.now(), ...(ctx.dedupeRetentionMs ? { retentionMs: ctx.dedupeRetentionMs } : {}) });
    await ctx.dedupe.sweep?.(started);
    // A run that died between its checkpoint and copying the journal: finish the copy before reading anything.
    if (state.journal) {
      await dedupe.flush(state.journal);
      flushed.add(state.journal.id);
    }
    summary.cursor = state.cursor;
    summary.cursorText = describe(state.cursor);
    summary.newestEventMs = state.health?.newestEventMs;
    if (state.pending) log(`${source}: resuming after an unconfirmed batch; rewriting ${state.pending.key}`);
    if (state.announce) {
      // The last run may have died between its checkpoint and the notice: send it again (FIFO dedupe and the
      // detector's batch markers make a second notice harmless; a missing one would leave the batch undetected).
      const a = state.announce;
      await ctx.handoff?.notify({ source, uri: a.uri, key: a.key, seq: a.seq, runId: a.runId });
    }

    let budgetSpent = false;
    const pull: PullContext = {
      runId,
      now: () => clock.now(),
      // Remembered: a loop that returns because it was told to stop ended the run on its budget, not caught up.
      shouldStop: () => (budgetSpent ||= clock.now() - started >= budgetMs),
      log,
      seen: (marks) => dedupe.has(marks),
    };
    const previousNewestMs = state.health?.newestEventMs;
    const steps = loop.pull(state.cursor, pull)[Symbol.asyncIterator]();
    let seq = 0;
    let journals = 0;
    let status: RunStatus = 'completed';
    try {
      for (;;) {
        if (pull.shouldStop()) {
          status = 'budget-exhausted';
          break;
        }
        const next = await steps.next();
        if (next.done) break;
        const step: PullStep<C> = next.value;
        summary.pages += step.pages ?? 0;
        summary.records += step.records ?? 0;
        summary.duplicatesDropped += step.duplicatesDropped ?? 0;
        summary.retentionSkips += step.retentionSkips ?? 0;
        const filtered = await filterStep(dedupe, step, { previousNewestMs, nowMs: clock.now() });
        summary.duplicatesDropped += filtered.duplicates;
        if (filtered.duplicates > 0) log(`${source}: dropped ${filtered.duplicates} records whose id was already written`);
        summary.offContract += filtered.offContract;
        if (filtered.offContract > 0) log(`${source}: ${filtered.offContract} records outside the vendor contract written flagged (offContract)`);
        summary.lateArrivals += filtered.late;
        const health = { ...state.health };
        if (filtered.newestMs !== undefined && (health.newestEventMs === undefined || filtered.newestMs > health.newestEventMs)) {
          health.newestEventMs = filtered.newestMs;
        }

        for (const part of filtered.parts) {
          const cursor = part.last ? step.cursor : state.cursor;
          const journal: Journal | undefined = part.digests.size > 0 ? journalOf(`${runId}.${++journals}`, part.digests) : undefined;
          if (state.pending && state.pending.stream !== step.stream) {
            // The unconfirmed batch belonged to another stream: empty it so none of its records count twice.
            await writeBatch(ctx, state.pending, []);
            state = { cursor: state.cursor, ...(state.health ? { health: state.health } : {}) };
            await store.put(state);
          }
          if (part.envelopes.length > 0 || state.pending) {
            const target: Pending = state.pending ?? {
              key: batchKey(source, step.stream, new Date(clock.now()), runId, ++seq),
              seq, runId, stream: step.stream,
            };
            if (!state.pending) {
              // `state` itself carries the intent: any later put of it (the run's health, after a failure) keeps it.
              state = { cursor: state.cursor, pending: target, ...(state.health ? { health: state.health } : {}) };
              await store.put(state);
            }
            const { uri } = await writeBatch(ctx, target, part.envelopes);
            state = { cursor, announce: { key: target.key, seq: target.seq, runId: target.runId, uri }, health, ...(journal ? { journal } : {}) };
            await store.put(state);
            if (journal) await dedupe.flush(journal).then(() => flushed.add(journal.id));
            summary.batches++;
            summary.envelopes += part.envelopes.length;
            summary.keys.push(target.key);
            await ctx.handoff?.notify({ source, uri, key: target.key, seq: target.seq, runId: target.runId });
          } else {
            state = { cursor, health, ...(journal ? { journal } : {}) };
            await store.put(state);
            if (journal) await dedupe.flush(journal).then(() => flushed.add(journal.id));
          }
        }
        summary.newestEventMs = state.health?.newestEventMs;
        summary.cursor = state.cursor;
        summary.cursorText = describe(state.cursor);
      }
    } finally {
      // Ends the generator (runs its finally blocks) when we stopped early or failed.
      await steps.return?.();
    }
    if (status === 'completed' && budgetSpent) status = 'budget-exhausted';
    summary.status = status === 'completed' && loop.stopReason?.() === 'vendor-quota' ? 'vendor-quota' : status;
  } catch (err) {
    failure = err;
    throw err;
  } finally {
    summary.retries = loop.retries();
    summary.durationMs = clock.now() - started;
    summary.readThroughMs = loop.readThrough?.(state.cursor);
    if (store) {
      const { journal, ...rest } = state;
      await recordHealth(store, journal && !flushed.has(journal.id) ? state : rest, summary, clock.now(), failure, log);
    }
    await ctx.checkpoints.releaseLease(source, runId);
  }
  return summary;
}

/** The run's outcome goes into the checkpoint (one more small write), so a status view and the next run can see it. */
async function recordHealth<C>(store: VersionedStore, state: Stored<C>, s: RunSummary, at: number, failure: unknown, log: (l: string) => void): Promise<void> {
  const lastRun: LastRun = {
    runId: s.runId,
    at,
    status: failure !== undefined ? 'failed' : s.status === 'lease-held' ? 'completed' : s.status,
    written: s.envelopes, duplicatesDropped: s.duplicatesDropped, lateArrivals: s.lateArrivals,
    offContract: s.offContract, retentionSkips: s.retentionSkips,
  };
  if (failure !== undefined) lastRun.error = (failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure)).slice(0, 300);
  const health = { ...state.health, lastRun, ...(s.readThroughMs !== undefined ? { readThroughMs: s.readThroughMs } : {}) };
  try {
    await store.put({ ...state, health });
  } catch (err) {
    // The run already failed or finished; losing its health line costs a status view, never data.
    log(`${s.source}: could not record the run's health (${err instanceof Error ? err.name : 'error'})`);
  }
}

function writeBatch(ctx: RunContext, target: Pending, envelopes: Envelope[]): Promise<{ uri: string; bytes: number }> {
  return ctx.sink.write(target.key, envelopes);
}

/** Threads the checkpoint version through consecutive conditional puts, each within the item budget. */
class VersionedStore {
  constructor(private readonly store: CheckpointStore, private readonly source: string, public version: number) {}
  async put(value: unknown): Promise<void> {
    const bytes = Buffer.byteLength(JSON.stringify(value));
    if (bytes > CHECKPOINT_BUDGET_BYTES) throw new CheckpointTooLargeError(this.source, bytes);
    this.version = await this.store.put(this.source, value, this.version);
  }
}
