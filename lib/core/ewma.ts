import type { EwmaStat } from './state.ts';

/** Smoothing of daily/hourly volume baselines: ~ the last 2–3 weeks of active periods dominate. */
export const EWMA_ALPHA = 0.1;

export const newEwma = (): EwmaStat => ({ mean: 0, var: 0, n: 0 });

/** West's incremental EWMA mean/variance; the first value seeds the mean. */
export function foldEwma(s: EwmaStat, x: number, alpha = EWMA_ALPHA): void {
  if (s.n === 0) {
    s.mean = x;
    s.var = 0;
  } else {
    const diff = x - s.mean;
    const incr = alpha * diff;
    s.mean += incr;
    s.var = (1 - alpha) * (s.var + diff * incr);
  }
  s.n += 1;
}

/**
 * z-score of x against the baseline. A floor on the deviation keeps a perfectly regular history (variance 0) from
 * turning any small wobble into a huge z: at least 10% of the mean, and at least 1.
 */
export function zScore(s: EwmaStat, x: number): number {
  const sd = Math.max(Math.sqrt(Math.max(s.var, 0)), 0.1 * s.mean, 1);
  return (x - s.mean) / sd;
}

/** Nearest-rank percentile of a small sample sorted ascending; undefined when empty. */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

/** Share of the sample at or below x, as a percentage (null with no history). */
export function percentileRank(values: readonly number[], x: number): number | null {
  if (values.length === 0) return null;
  return Math.round((values.filter((v) => v <= x).length / values.length) * 1000) / 10;
}
