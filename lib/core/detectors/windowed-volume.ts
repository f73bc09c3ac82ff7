import { EpisodeCollector } from './episode.ts';
import { rollingWindows, type WindowValue } from './rolling-window.ts';
import type { DayContext, Signal, SignalKind } from './types.ts';
import { volumeBaseline, type VolumeBaseline } from './volume-baseline.ts';

export interface WindowedVolumeRule {
  detector: string;
  technique: Signal['technique'];
  metric: string;
  windowMs: number;
  /** Absolute floor the window must reach. */
  floor: number;
  /** Floor used instead when there is no z (cold start, or no baseline for this metric yet); Infinity = never. */
  coldFloor: number;
  z: number;
  /** Window value that fires whatever the history (E4 "large"); Infinity = none. */
  large?: number;
  /** Compare against the daily baseline instead of the active-hour one. */
  daily?: boolean;
  kind: SignalKind;
  weight: number;
  largeWeight?: number;
  highConfidence: boolean;
  title(w: WindowValue, base: VolumeBaseline): string;
}

/** Rolling-window volume rule with z ≥ k over the principal's own EWMA, an absolute floor, cold start and "large". */
export function windowedVolume(ctx: DayContext, r: WindowedVolumeRule): Signal[] {
  // No activity of this metric today: nothing to judge, and no empty baseline to create and store in the profile.
  if (!ctx.pb.hasBuckets(r.metric, ctx.dayStart, ctx.dayEnd)) return [];
  const base = volumeBaseline(ctx.profile, r.metric, ctx.dayStart);
  const large = Math.max(base.p99 ?? 0, r.large ?? Number.POSITIVE_INFINITY);
  const episodes = new EpisodeCollector(ctx.profile, `${r.detector}:${r.metric}`);
  for (const w of rollingWindows(ctx, r.metric, r.windowMs)) {
    // No z in cold start or before this metric has a completed period: the cold-start floor applies then.
    const z = ctx.coldStart ? null : r.daily ? base.zDay(w.value) : base.zHour(w.value);
    const isLarge = w.value >= large;
    // Either way the window must also exceed the busiest days on record (P99 of daily totals) to be unusual: what
    // a person (or their learned habit) has done in a whole day before is not news in an hour.
    const aboveHistory = w.value > (base.p99 ?? 0);
    const fires = isLarge || (aboveHistory && (z === null ? w.value >= r.coldFloor : w.value >= r.floor && z >= r.z));
    if (!fires) continue;
    episodes.fire({ start: w.start, end: w.end }, r.windowMs, () => ({
      detector: r.detector,
      technique: r.technique,
      kind: r.kind,
      principal: ctx.pb,
      window: { start: w.start, end: w.end },
      weight: isLarge ? r.largeWeight ?? r.weight : r.weight,
      highConfidence: r.highConfidence || isLarge,
      title: r.title(w, base),
      value: w.value,
      baseline: (r.daily ? base.dayMean : base.hourMean) === null ? null : Math.round((r.daily ? base.dayMean : base.hourMean)!),
      z,
      percentile: base.rank(w.value),
      large: isLarge,
      evidence: w.evidence,
      facts: { floor: r.floor, coldStart: ctx.coldStart, p95: base.p95 ?? null, p99: base.p99 ?? null },
      hold: { metric: r.metric, buckets: w.buckets },
      rollup: 0,
    }));
  }
  return episodes.signals;
}
