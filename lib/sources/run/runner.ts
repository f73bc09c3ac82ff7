import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import { batchKey } from '../../core/envelope.ts';
import type { Envelope } from '../../core/envelope.ts';
import type { Checkpoint, CheckpointStore } from '../ports.ts';
import type { Collector, PullContext, PullLoop, PullStep, RunContext, RunStatus, RunSummary } from './collector.ts';
import { CheckpointCorruptError } from './errors.ts';
import { newRunId } from './run-id.ts';

const DEFAULT_BUDGET_MS = 10 * 60_000;
const LEASE_MARGIN_MS = 5 * 60_000;
const systemClock: Clock = { now: () => Date.now() };

/** A batch that may have been written but was not yet checkpointed: the next write reuses its key. */
const PendingSchema = z.object({ key: z.string().min(1), seq: z.number().int().nonnegative(), runId: z.string(), stream: z.string() });
type Pending = z.infer<typeof PendingSchema>;

/** A durable, checkpointed batch whose handoff notice may not have gone out (a crash between the two). */
const AnnounceSchema = z.object({ key: z.string().min(1), seq: z.number().int().nonnegative(), runId: z.string(), uri: z.string() });
type Announce = z.infer<typeof AnnounceSchema>;

/** What the runner stores per source: the loop's cursor plus the write intent (see collector.ts). */
interface Stored<C> {
  cursor: C | null;
  pending?: Pending;
  /** Set with the checkpoint that made a batch final; cleared by the next checkpoint, re-sent on the next run. */
  announce?: Announce;
}

/** Wraps a vendor pull loop into a Collector: lease, durable write, then checkpoint, budget. */
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
    retries: 0, durationMs: 0, cursor: null, cursorText: 'none', keys: [],
  };

  const held = await ctx.checkpoints.acquireLease(source, runId, ctx.leaseTtlMs ?? budgetMs + LEASE_MARGIN_MS, started);
  if (!held) {
    summary.status = 'lease-held';
    return summary;
  }
  try {
    const storedSchema = z.object({ cursor: loop.cursorSchema.nullable(), pending: PendingSchema.optional(), announce: AnnounceSchema.optional() });
    const existing: Checkpoint<unknown> | null = await ctx.checkpoints.get<unknown>(source);
    let version = existing?.version ?? 0;
    let state: Stored<C> = { cursor: null };
    if (existing) {
      const parsed = storedSchema.safeParse(existing.cursor);
      if (!parsed.success) throw new CheckpointCorruptError(source, parsed.error.issues[0]?.message ?? 'schema mismatch');
      state = parsed.data as Stored<C>;
    }
    summary.cursor = state.cursor;
    summary.cursorText = describe(state.cursor);
    if (state.pending) log(`${source}: resuming after an unconfirmed batch; rewriting ${state.pending.key}`);
    if (state.announce) {
      // The last run may have died between its checkpoint and the notice: send it again (FIFO dedupe and the
      // detector's batch markers make a second notice harmless; a missing one would leave the batch undetected).
      const a = state.announce;
      await ctx.handoff?.notify({ source, uri: a.uri, key: a.key, seq: a.seq, runId: a.runId });
    }

    const pull: PullContext = {
      runId,
      now: () => clock.now(),
      shouldStop: () => clock.now() - started >= budgetMs,
      log,
    };
    const steps = loop.pull(state.cursor, pull)[Symbol.asyncIterator]();
    let seq = 0;
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

        const store = new VersionedStore(ctx.checkpoints, source, version);
        if (state.pending && state.pending.stream !== step.stream) {
          // The unconfirmed batch belonged to another stream: empty it so none of its records count twice.
          await writeBatch(ctx, state.pending, []);
          state = { cursor: state.cursor };
          await store.put(state);
        }
        if (step.envelopes.length > 0 || state.pending) {
          const target: Pending = state.pending ?? {
            key: batchKey(source, step.stream, new Date(clock.now()), runId, ++seq),
            seq, runId, stream: step.stream,
          };
          if (!state.pending) await store.put({ cursor: state.cursor, pending: target });
          const { uri } = await writeBatch(ctx, target, step.envelopes);
          state = { cursor: step.cursor, announce: { key: target.key, seq: target.seq, runId: target.runId, uri } };
          await store.put(state);
          summary.batches++;
          summary.envelopes += step.envelopes.length;
          summary.keys.push(target.key);
          await ctx.handoff?.notify({ source, uri, key: target.key, seq: target.seq, runId: target.runId });
        } else {
          state = { cursor: step.cursor };
          await store.put(state);
        }
        version = store.version;
        summary.cursor = state.cursor;
        summary.cursorText = describe(state.cursor);
      }
    } finally {
      // Ends the generator (runs its finally blocks) when we stopped early or failed.
      await steps.return?.();
    }
    summary.status = status;
  } finally {
    summary.retries = loop.retries();
    summary.durationMs = clock.now() - started;
    await ctx.checkpoints.releaseLease(source, runId);
  }
  return summary;
}

function writeBatch(ctx: RunContext, target: Pending, envelopes: Envelope[]): Promise<{ uri: string; bytes: number }> {
  return ctx.sink.write(target.key, envelopes);
}

/** Threads the checkpoint version through consecutive conditional puts. */
class VersionedStore {
  constructor(private readonly store: CheckpointStore, private readonly source: string, public version: number) {}
  async put(value: unknown): Promise<void> {
    this.version = await this.store.put(this.source, value, this.version);
  }
}
