import type { Technique } from '../alert.ts';
import type { Config } from '../config.ts';
import type { NormalizedEvent } from '../event.ts';
import type { NetworkList } from '../ip-match.ts';
import type { OrgClock } from '../local-time.ts';
import type { Evidence, PrincipalBatch } from '../principal-batch.ts';
import type { PeerReference } from '../baseline/peers.ts';
import type { OwnHistory } from '../baseline/volume-reference.ts';
import type { Profile } from '../state.ts';

/** Kinds of signal, used by escalation rules (e.g. `no-history` applies to volume, breadth and first contact). */
export type SignalKind = 'volume' | 'breadth' | 'first-contact' | 'export' | 'compromise' | 'config' | 'lookalike';

/** What a detector emits. High-confidence signals alert alone; others go through correlation. */
/** Who raised a signal: the names correlation and the alert need (plain data: a partition's signals cross threads). */
export type PrincipalRef = Pick<PrincipalBatch, 'key' | 'source' | 'actorId' | 'actorType' | 'identity' | 'email' | 'name'>;

export interface Signal {
  detector: string;
  technique: Technique;
  kind: SignalKind;
  principal: PrincipalRef;
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
  /** The metric whose day raised this signal: that day is held out of the baseline (unless it becomes a habit). */
  hold?: { metric: string };
  /** Roll-ups: other windows of the same day that fired too. */
  rollup: number;
  /** What the volume was judged against: `own`, `peers:<group>` or `org` (DESIGN.md §4 `baseline`). */
  baselineKind?: string;
  /**
   * Judged without the principal's own history (peers or org) and not large: alone it is context, and it alerts only
   * with an independent fact (unknown network, off-hours, a new tool, a compromise sign, data leaving).
   */
  needsCorroboration?: boolean;
  /** Start (ms) of the UTC day the signal was judged in: one alert per (detector, principal, day). Set by the engine. */
  day?: number;
  /** Ends of every window of the day that fired (triage's off-hours looks at all of them). */
  firings?: number[];
}

/** Read-only facts shared by all detectors of one run. */
export interface DetectorEnv {
  config: Config;
  orgClock: OrgClock;
  trusted: NetworkList;
  /** Was this tenant-wide value (e.g. an external domain) seen before `time`? Tenant state + earlier in this batch. */
  tenantSeenBefore(set: string, value: string, time: number): boolean;
}

/** One UTC day of one principal, judged before it is folded into the profile. */
export interface DayContext {
  env: DetectorEnv;
  pb: PrincipalBatch;
  /** The profile as of the start of this day (earlier days of the batch already folded). */
  profile: Profile;
  /** UTC epoch day, and its bounds in ms. */
  day: number;
  dayStart: number;
  dayEnd: number;
  /** The org-local day at the day's start, and whether it is a weekend day. */
  localDay: number;
  weekend: boolean;
  /** Fewer settled active days than COLD_START_DAYS: volumes are judged against peers or the org. */
  coldStart: boolean;
  /** A configured (unexpired) service account, or one that behaves like an integration: judged on its own envelope. */
  serviceAccount: boolean;
  serviceLike: boolean;
  /** The principal's settled history of a metric (cached per day). */
  history(metric: string): OwnHistory;
  /** People like this principal (its peer group, else the org) for a metric, or null when there are too few. */
  peers(metric: string): PeerReference | null;
}

export interface Detector {
  id: string;
  technique: Technique;
  /** Per event: cheap checks that add to series or keep point events. Must not allocate on the common path. */
  observe?(e: NormalizedEvent, pb: PrincipalBatch, env: DetectorEnv): void;
  /** Per principal and day, in time order. */
  evaluateDay(ctx: DayContext): Signal[];
}
