import type { BatchResult } from '../core/engine.ts';
import type { NormalizedEvent, Reject } from '../core/event.ts';
import type { BatchIds, IdentityState, StateKeys, StateSnapshot } from '../core/state.ts';

/**
 * One batch through the detection core, in the steps detectBatch drives: the core's DetectionRun, or a run whose
 * principals are judged by worker threads (lib/replay/parallel) — the same alerts either way.
 */
export interface BatchRun {
  add(e: NormalizedEvent): void;
  addReject(r: Reject): void;
  keys(): StateKeys;
  evaluate(snapshot: Pick<StateSnapshot, 'profiles' | 'tenant'>, batchId: BatchIds): StateKeys | Promise<StateKeys>;
  correlate(identities: ReadonlyMap<string, IdentityState>): BatchResult;
  /** The batch is over, judged or not (e.g. found already processed): what the run holds can go. */
  dispose?(): void;
}
