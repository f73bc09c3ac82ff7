/** Item sizes over a run in 64-byte bins (mean and max exact, P95 to 64 bytes): constant memory at any scale. */
export class SizeHistogram {
  private static readonly BIN = 64;
  private readonly bins = new Map<number, number>();
  count = 0;
  sum = 0;
  max = 0;

  add(bytes: number): void {
    const bin = Math.floor(bytes / SizeHistogram.BIN);
    this.bins.set(bin, (this.bins.get(bin) ?? 0) + 1);
    this.count++;
    this.sum += bytes;
    if (bytes > this.max) this.max = bytes;
  }

  /** The upper edge of the bin holding the q-quantile (at most the max). */
  quantile(q: number): number {
    if (this.count === 0) return 0;
    const want = Math.ceil(q * this.count);
    let seen = 0;
    for (const bin of [...this.bins.keys()].sort((a, b) => a - b)) {
      seen += this.bins.get(bin)!;
      if (seen >= want) return Math.min(this.max, (bin + 1) * SizeHistogram.BIN - 1);
    }
    return this.max;
  }

  summary(): SizeSummary {
    return { count: this.count, mean: this.count ? this.sum / this.count : 0, p95: this.quantile(0.95), max: this.max };
  }
}

export interface SizeSummary {
  count: number;
  mean: number;
  p95: number;
  max: number;
}
