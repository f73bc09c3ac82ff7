import { expect } from 'vitest';
import type { DedupeBackend } from '../../lib/sources/dedupe/dedupe-backend.ts';
import type { BatchSink, CheckpointStore, HandoffPort } from '../../lib/sources/ports.ts';

/** What a collection run persists through: each write is a point where the process can die, before or after it. */
export interface Ports {
  sink: BatchSink;
  checkpoints: CheckpointStore;
  dedupe: DedupeBackend;
  handoff: HandoffPort;
}

export class SimulatedCrash extends Error {
  override readonly name = 'SimulatedCrash';
}

/**
 * Wraps real ports so that the process "dies" at the `at`-th point (1-based) of the whole test: before or after any
 * batch write, checkpoint put, dedupe segment/head write or handoff notice. After that point every call fails, as
 * nothing of a dead process runs (its lease is left to expire). `points` counts the points passed, so a clean run
 * tells how many there are to try.
 */
export class CrashPlan {
  points = 0;
  crashed = false;

  constructor(readonly at: number | undefined) {}

  #point(): void {
    if (this.crashed) throw new SimulatedCrash('the process is gone');
    this.points++;
    if (this.points === this.at) {
      this.crashed = true;
      throw new SimulatedCrash(`crash at point ${this.at}`);
    }
  }

  #alive(): void {
    if (this.crashed) throw new SimulatedCrash('the process is gone');
  }

  async #around<T>(fn: () => Promise<T>): Promise<T> {
    this.#point();
    const r = await fn();
    this.#point();
    return r;
  }

  wrap(real: Ports): Ports {
    return {
      sink: { write: (k, e) => this.#around(() => real.sink.write(k, e)) },
      checkpoints: {
        get: async (s) => (this.#alive(), real.checkpoints.get(s)),
        put: (s, c, v) => this.#around(() => real.checkpoints.put(s, c, v)),
        acquireLease: async (...a) => (this.#alive(), real.checkpoints.acquireLease(...a)),
        releaseLease: async (...a) => (this.#alive(), real.checkpoints.releaseLease(...a)),
      },
      dedupe: {
        readHeads: async (b) => (this.#alive(), real.dedupe.readHeads(b)),
        readSegments: async (r) => (this.#alive(), real.dedupe.readSegments(r)),
        writeSegment: (r, d, e) => this.#around(() => real.dedupe.writeSegment(r, d, e)),
        addSegments: (b, s, e) => this.#around(() => real.dedupe.addSegments(b, s, e)),
        replaceSegments: (b, r, s, e) => this.#around(() => real.dedupe.replaceSegments(b, r, s, e)),
        ...(real.dedupe.sweep ? { sweep: async (n: number) => (this.#alive(), real.dedupe.sweep!(n)) } : {}),
      },
      handoff: { notify: (m) => this.#around(() => real.handoff.notify(m)) },
    };
  }
}

/** How many times each id was written. */
export function countIds(ids: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const id of ids) m.set(id, (m.get(id) ?? 0) + 1);
  return m;
}

/** Past the runner's default lease (10 min budget + 5 min): a crashed run's lease has expired. */
export const LEASE_EXPIRY_MS = 16 * 60_000;

/** Every expected id was written, each exactly once; a failure names the crash point. */
export function expectEachIdOnce(written: readonly string[], expected: readonly string[], at: number | undefined): void {
  const counts = countIds(written);
  expect([...counts.keys()].sort(), `crash at ${at}`).toEqual([...new Set(expected)].sort());
  for (const [id, n] of counts) expect(n, `${id} with a crash at ${at}`).toBe(1);
}

/**
 * Runs `run` once without a crash to count the points, then once per point crashing there, after `reset` clears
 * what the run before left. Returns the number of points.
 */
export async function crashAtEveryPoint(run: (plan: CrashPlan) => Promise<unknown>, reset: () => Promise<void>): Promise<number> {
  const clean = new CrashPlan(undefined);
  await run(clean);
  for (let at = 1; at <= clean.points; at++) {
    await reset();
    const plan = new CrashPlan(at);
    await run(plan);
    expect(plan.crashed, `point ${at}`).toBe(true);
  }
  return clean.points;
}

/**
 * Runs the collection of each stage once through `plan`'s ports (`runOnce` gets the wrapper to put around its real
 * ports); where the process dies there, its lease is let expire (`expireLease`) and it runs again unwrapped, as the
 * next scheduled Lambda would.
 */
export async function runStagesCrashing(
  plan: CrashPlan, stages: readonly (() => void)[], runOnce: (wrap: (real: Ports) => Ports) => Promise<unknown>, expireLease: () => void,
): Promise<void> {
  for (const stage of stages) {
    stage();
    try {
      await runOnce((real) => plan.wrap(real));
    } catch (err) {
      if (!(err instanceof SimulatedCrash)) throw err;
      expireLease();
      await runOnce((real) => real);
    }
  }
}
