/** Figures of a small sample of daily values, computed once per judged metric and day. */
export interface SampleStats {
  n: number;
  mean: number;
  /** Standard deviation with a floor (10 % of the mean, at least 1): a perfectly regular history must not turn a small wobble into a huge z. */
  sd: number;
  p95: number;
  p99: number;
  max: number;
  /** Ascending copy of the sample, for percentile ranks. */
  sorted: number[];
}

export function sampleStats(values: readonly number[]): SampleStats | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  let sum = 0;
  for (const v of sorted) sum += v;
  const mean = sum / sorted.length;
  let sq = 0;
  for (const v of sorted) sq += (v - mean) ** 2;
  const sd = Math.max(Math.sqrt(sq / sorted.length), 0.1 * mean, 1);
  return { n: sorted.length, mean, sd, p95: percentile(sorted, 95)!, p99: percentile(sorted, 99)!, max: sorted[sorted.length - 1]!, sorted };
}

export const zOf = (s: SampleStats, x: number): number => Math.round(((x - s.mean) / s.sd) * 10) / 10;

/** Nearest-rank percentile of a sample sorted ascending; undefined when empty. */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

/** Share of the sample at or below x, as a percentage. */
export function percentileRank(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return Math.round((lo / sorted.length) * 1000) / 10;
}
