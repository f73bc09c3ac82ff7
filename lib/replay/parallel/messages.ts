import type { Config } from '../../core/config.ts';
import type { DayJudgement, PartitionProfiles } from '../../core/engine.ts';
import type { PeerContribution } from '../../core/baseline/peers.ts';
import type { NormalizedEvent } from '../../core/event.ts';
import type { BatchIds, Profile, TenantState } from '../../core/state.ts';
import type { TenantFirstEntries } from '../../core/tenant-first-seen.ts';

/** What a detect worker is started with. */
export interface WorkerInit {
  config: Config;
}

/** Coordinator → worker, in order; every message but `events` is answered, in order. */
export type ToWorker =
  | { type: 'events'; events: NormalizedEvent[] }
  /** The batch's events are all sent: load the partition's profiles; answered with the days to judge. */
  | { type: 'prepare'; batchId: BatchIds; profiles: [string, Profile][]; tenant: TenantState; tenantFirst: TenantFirstEntries }
  /** Apply the other partitions' contributions of the day before, then judge `day`. */
  | { type: 'day'; day: number; peers: PeerContribution[] }
  | { type: 'complete' };

export type FromWorker =
  | { type: 'days'; days: number[] }
  | { type: 'judged'; judgement: DayJudgement }
  | { type: 'completed'; part: PartitionProfiles }
  | { type: 'failed'; message: string; stack?: string };
