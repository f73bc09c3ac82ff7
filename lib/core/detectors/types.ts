import type { Technique } from '../alert.ts';
import type { Config } from '../config.ts';
import type { NormalizedEvent } from '../event.ts';
import type { NetworkList } from '../ip-match.ts';
import type { OrgClock } from '../local-time.ts';
import type { Evidence, PrincipalBatch } from '../principal-batch.ts';
import type { Profile } from '../state.ts';

/** Kinds of signal, used by escalation rules (e.g. `no-history` applies to volume, breadth and first contact). */
export type SignalKind = 'volume' | 'breadth' | 'first-contact' | 'export' | 'compromise' | 'config' | 'lookalike';

/** What a detector emits. High-confidence signals alert alone; others go through correlation. */
export interface Signal {
  detector: string;
  technique: Technique;
  kind: SignalKind;
  principal: PrincipalBatch;
  window: { start: number; end: number };
  weight: number;
  highConfidence: boolean;
  title: string;
  value: number;
  baseline: number | null;
  z: number | null;
  percentile?: number | null;
  large?: boolean;
  evidence: Evidence;
  facts?: Record<string, unknown>;
  /** Buckets of a metric that raised this signal: held out of the baseline. */
  hold?: { metric: string; buckets: number[] };
  /** Roll-ups: later windows of the same episode folded into this signal. */
  rollup: number;
  /** Continues an episode opened in an earlier batch: same alert id, counted as a roll-up. */
  continues?: boolean;
}

/** Read-only facts shared by all detectors of one run. */
export interface DetectorEnv {
  config: Config;
  orgClock: OrgClock;
  trusted: NetworkList;
  /** Was this tenant-wide value (e.g. an external domain) seen before `time`? Tenant state + earlier in this batch. */
  tenantSeenBefore(set: string, value: string, time: number): boolean;
}

/** One org-local… (UTC) day of one principal, evaluated before it is folded into the profile. */
export interface DayContext {
  env: DetectorEnv;
  pb: PrincipalBatch;
  /** The profile as of the start of this day (earlier days of the batch already folded). */
  profile: Profile;
  dayStart: number;
  dayEnd: number;
  coldStart: boolean;
}

export interface Detector {
  id: string;
  technique: Technique;
  /** Per event: cheap checks that add to series or keep point events. Must not allocate on the common path. */
  observe?(e: NormalizedEvent, pb: PrincipalBatch, env: DetectorEnv): void;
  /** Per principal and day, in time order. */
  evaluateDay(ctx: DayContext): Signal[];
}
