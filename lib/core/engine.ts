import type { Alert } from './alert.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { NormalizedEvent, Reject } from './event.ts';
import type { StateChanges, StateKeys, StateSnapshot } from './state.ts';

export interface BatchStats {
  events: number;
  principals: number;
  signals: number;
  skippedPrincipals: number; // already folded this batch (reprocessing)
}

export interface BatchResult {
  alerts: Alert[];
  changes: StateChanges;
  rejects: Reject[];
  stats: BatchStats;
  /** Config entries (service accounts, suppressions) found expired and therefore not applied. */
  expiredEntries: string[];
}

/**
 * One batch through the pure core, in two steps so a driver can stream: `add` every event (memory grows with
 * distinct principals, not events), load state for `keys()`, then `finish` with that snapshot.
 */
export class DetectionRun {
  constructor(readonly config: Config, readonly clock: Clock) {}
  add(_event: NormalizedEvent): void {
    throw new Error('not implemented');
  }
  addReject(_reject: Reject): void {
    throw new Error('not implemented');
  }
  keys(): StateKeys {
    throw new Error('not implemented');
  }
  /** `batchId` marks the batch in every profile it touches, so reprocessing it counts nothing twice. */
  finish(_snapshot: StateSnapshot, _batchId: string): BatchResult {
    throw new Error('not implemented');
  }
}

/** Convenience for tests and small inputs: the whole batch in one call. */
export function runBatch(
  events: Iterable<NormalizedEvent>,
  state: StateSnapshot,
  config: Config,
  clock: Clock,
  batchId: string,
): BatchResult {
  const run = new DetectionRun(config, clock);
  for (const e of events) run.add(e);
  return run.finish(state, batchId);
}
