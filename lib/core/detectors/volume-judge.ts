import { percentileRank, zOf } from '../baseline/sample-stats.ts';
import type { DayContext } from './types.ts';

/** How far a service account's envelope must be exceeded to be news. */
export const ENVELOPE_FACTOR = 3;
/** A habit is work of similar size: more than twice its largest occurrence (and by at least the floor) is not. */
export const HABIT_FACTOR = 2;
/** How far above people like them a principal without history must be. */
export const PEER_FACTOR = 2;
/** A service account's envelope needs this many settled days of the metric; before, it is learning. */
const SERVICE_LEARNING_DAYS = 3;

export interface VolumeRule {
  /** Absolute floor against the principal's own baseline. */
  floor: number;
  /** Floor without own history (cold start, or a metric new to the principal); Infinity = never. */
  coldFloor: number;
  /** z the window must reach against the own baseline. */
  z: number;
  /** Window value that is "large" (E4) whatever the history; Infinity = none. */
  large?: number;
  /** Compare with day totals (24 h windows) instead of the busiest hour. */
  daily?: boolean;
}

/** Why a window fires, with the figures an analyst sees. */
export interface Verdict {
  large: boolean;
  /** `own`, `peers:<group>` or `org`. */
  baseline: string;
  /** The baseline figure: own mean, a habit's or envelope's maximum, or the peers' busy day/hour. */
  reference: number | null;
  z: number | null;
  percentile: number | null;
  needsCorroboration: boolean;
  /** What was exceeded, for the facts. */
  basis: 'habit' | 'service-envelope' | 'own' | 'peers' | 'no-history';
}

/**
 * Judges window values of one metric for one principal-day. In order: a service account (declared, or behaving like
 * one) against its own envelope, never on its usual volume, and not at all while it is learning; recurring work at
 * that hour against itself; a principal with history against its own baseline (z, floor, above its
 * busiest days); one without (cold start, or a metric it never used) against its peers or the org, where it alerts
 * only with corroboration unless the volume is large.
 */
export function volumeJudge(ctx: DayContext, metric: string, rule: VolumeRule): (value: number, localHour: number) => Verdict | null {
  // A principal-day whose windows all stay under `least` is judged without building its history (most of them).
  const least = leastFiring(rule);
  let judge: ((value: number, localHour: number) => Verdict | null) | undefined;
  return (value, localHour) => (value < least ? null : (judge ??= judgeWithHistory(ctx, metric, rule))(value, localHour));
}

/** Every verdict needs a value of at least the smaller floor or the large mark: no smaller value ever fires. */
export const leastFiring = (rule: VolumeRule): number => Math.min(rule.floor, rule.coldFloor, rule.large ?? Number.POSITIVE_INFINITY);

function judgeWithHistory(ctx: DayContext, metric: string, rule: VolumeRule): (value: number, localHour: number) => Verdict | null {
  const own = ctx.history(metric);
  const sample = rule.daily ? own.day : own.peak;
  const largeAbs = rule.large ?? Number.POSITIVE_INFINITY;
  const service = ctx.serviceAccount || ctx.serviceLike;
  const rank = (x: number): number | null => (own.day ? percentileRank(own.day.sorted, x) : null);
  return (value, localHour) => {
    if (service) {
      const ref = rule.daily ? own.maxTotal : own.maxPeak;
      if (own.points.length < SERVICE_LEARNING_DAYS || value <= ENVELOPE_FACTOR * ref || value < rule.floor) return null;
      return { large: value >= largeAbs, baseline: 'own', reference: ref, z: null, percentile: rank(value), needsCorroboration: false, basis: 'service-envelope' };
    }
    const habit = own.habitAt(localHour, ctx.day);
    if (habit) {
      const ref = rule.daily ? habit.maxTotal : habit.maxPeak;
      if (value <= HABIT_FACTOR * ref || value < ref + rule.floor) return null;
      return { large: value >= largeAbs, baseline: 'own', reference: ref, z: null, percentile: rank(value), needsCorroboration: false, basis: 'habit' };
    }
    if (!ctx.coldStart && sample && sample.n >= 3) {
      const p99 = own.day?.p99 ?? 0;
      const z = zOf(sample, value);
      const large = value >= Math.max(largeAbs, p99);
      // Beyond z and the floor, a window must exceed the busiest days on record: what a person has done in a whole
      // day before is not news in an hour.
      if (!large && !(value > p99 && value >= rule.floor && z >= rule.z)) return null;
      return { large, baseline: 'own', reference: Math.round(sample.mean), z, percentile: rank(value), needsCorroboration: false, basis: 'own' };
    }
    const peers = ctx.peers(metric);
    const ref = peers ? (rule.daily ? peers.day : peers.peak) : null;
    const baseline = peers?.kind ?? 'org';
    if (value >= largeAbs && value > PEER_FACTOR * (ref ?? 0)) {
      return { large: true, baseline, reference: ref, z: null, percentile: null, needsCorroboration: false, basis: ref === null ? 'no-history' : 'peers' };
    }
    // A principal with history that never did this is held to the ordinary floor; a newcomer to the cold-start one.
    const floor = ctx.coldStart ? rule.coldFloor : rule.floor;
    if (ref !== null) {
      if (value < floor || value <= PEER_FACTOR * ref) return null;
      return { large: false, baseline, reference: ref, z: null, percentile: null, needsCorroboration: false, basis: 'peers' };
    }
    // Nobody to compare with yet (a new deployment): twice the floor. For a principal without history of its own that
    // is context alone — no history is never a reason to alert; one with history that never did this is deviating.
    if (value < 2 * floor) return null;
    return { large: false, baseline, reference: null, z: null, percentile: null, needsCorroboration: ctx.coldStart, basis: 'no-history' };
  };
}
