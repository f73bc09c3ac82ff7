import { DailySignal } from './daily-signal.ts';
import { rollingWindows, windowsBound, type WindowValue } from './rolling-window.ts';
import type { DayContext, Signal, SignalKind } from './types.ts';
import { leastFiring, volumeJudge, type Verdict, type VolumeRule } from './volume-judge.ts';

export interface WindowedVolumeRule extends VolumeRule {
  detector: string;
  technique: Signal['technique'];
  metric: string;
  windowMs: number;
  kind: SignalKind;
  weight: number;
  largeWeight?: number;
  highConfidence: boolean;
  /** A fixed pattern (no baseline): the window fires at the floor whatever the history. */
  fixed?: boolean;
  title(w: WindowValue, v: Verdict): string;
}

const FIXED: Omit<Verdict, 'large'> = { baseline: 'own', reference: null, z: null, percentile: null, needsCorroboration: false, basis: 'own' };

/** Rolling-window volume rule judged by `volumeJudge`; one signal per principal and day (the strongest window). */
export function windowedVolume(ctx: DayContext, r: WindowedVolumeRule): Signal[] {
  // No activity of this metric in the window span, or too little for any window to fire: nothing to judge.
  if (!ctx.pb.hasBuckets(r.metric, ctx.dayStart - r.windowMs, ctx.dayEnd)) return [];
  if (windowsBound(ctx, r.metric, r.windowMs) < (r.fixed ? r.floor : leastFiring(r))) return [];
  const judge = r.fixed
    ? (value: number): Verdict | null => (value >= r.floor ? { ...FIXED, large: value >= (r.large ?? Number.POSITIVE_INFINITY) } : null)
    : volumeJudge(ctx, r.metric, r);
  const daily = new DailySignal();
  for (const w of rollingWindows(ctx, r.metric, r.windowMs)) {
    const v = judge(w.value, ctx.env.orgClock.localHour(w.endBucket));
    if (!v) continue;
    daily.offer({ value: w.value, large: v.large, end: w.end, ips: () => w.ips }, () => volumeSignal(ctx, r, w, v));
  }
  return daily.signals;
}

/** The signal of a firing window, with the verdict's figures. */
export function volumeSignal(ctx: DayContext, r: Omit<WindowedVolumeRule, 'windowMs'>, w: WindowValue, v: Verdict, facts: Record<string, unknown> = {}): Signal {
  return {
    detector: r.detector,
    technique: r.technique,
    kind: r.kind,
    principal: ctx.pb,
    window: { start: w.start, end: w.end },
    weight: v.large ? r.largeWeight ?? r.weight : r.weight,
    highConfidence: r.highConfidence || v.large,
    title: r.title(w, v),
    value: w.value,
    baseline: v.reference,
    z: v.z,
    percentile: v.percentile,
    large: v.large,
    evidence: w.evidence,
    facts: { floor: r.floor, basis: v.basis, ...facts },
    hold: { metric: r.metric },
    rollup: 0,
    baselineKind: v.baseline,
    needsCorroboration: v.needsCorroboration,
  };
}

/** "none yet" / "1,234/day" style labels for titles. */
export const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
export function referenceLabel(v: Verdict, unit: string): string {
  if (v.reference === null) return 'no history yet';
  const who = v.basis === 'habit' ? 'habit' : v.basis === 'service-envelope' ? 'usual max' : v.baseline === 'own' ? 'baseline' : v.baseline;
  return `${who} ${fmt(v.reference)}${unit}`;
}
