import { percentile, percentileRank, zScore } from '../ewma.ts';
import { closePeriods, metric } from '../profile.ts';
import type { DailyMetric, Profile } from '../state.ts';

/** The baseline figures a volume detector compares a window against (as of the start of the evaluated day). */
export interface VolumeBaseline {
  m: DailyMetric;
  hourMean: number | null;
  dayMean: number | null;
  p95: number | undefined;
  p99: number | undefined;
  zHour(x: number): number | null;
  zDay(x: number): number | null;
  /** Percentile rank of x among past active-day totals. */
  rank(x: number): number | null;
}

export function volumeBaseline(profile: Profile, name: string, dayStart: number): VolumeBaseline {
  const m = metric(profile, name);
  closePeriods(m, dayStart);
  const sorted = [...m.hist].sort((a, b) => a - b);
  return {
    m,
    hourMean: m.hourEwma.n > 0 ? m.hourEwma.mean : null,
    dayMean: m.ewma.n > 0 ? m.ewma.mean : null,
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    // With no completed period there is no baseline, hence no z (cold start handles that case).
    zHour: (x) => (m.hourEwma.n > 0 ? round1(zScore(m.hourEwma, x)) : null),
    zDay: (x) => (m.ewma.n > 0 ? round1(zScore(m.ewma, x)) : null),
    rank: (x) => percentileRank(m.hist, x),
  };
}

export const round1 = (x: number): number => Math.round(x * 10) / 10;
