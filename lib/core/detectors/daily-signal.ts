import type { Signal } from './types.ts';

/** A firing window as the day's signal sees it. */
export interface Firing {
  value: number;
  large: boolean;
  end: number;
  /** Source IPs of the window (asked for only when it fires). */
  ips: () => readonly string[];
}

/**
 * One signal per (detector, principal, day): the strongest firing window (large first, then the largest value, then
 * the earliest) with the others rolled up into it. Triage looks at every window that fired — all their sources and
 * times — so the day is judged the same whichever batch completed which window first. A day rather than an episode
 * that opens at the first firing window: late data may complete an earlier window after a later one fired, and the
 * alert must be the same either way.
 */
export class DailySignal {
  private best: Signal | undefined;
  private count = 0;
  private readonly ips = new Set<string>();
  private readonly ends: number[] = [];

  /** Whether any window fired. */
  get fired(): boolean {
    return this.best !== undefined;
  }

  offer(f: Firing, make: () => Signal): void {
    this.count++;
    for (const ip of f.ips()) this.ips.add(ip);
    this.ends.push(f.end);
    const b = this.best;
    if (b && !stronger(f, b)) return;
    this.best = make();
  }

  /** The best signal, folding in another scope's firings (e.g. the 24 h windows behind a 1 h burst). */
  absorb(other: DailySignal): void {
    for (const ip of other.ips) this.ips.add(ip);
    this.ends.push(...other.ends);
    this.count += other.count;
  }

  /** The day's signal (none when nothing fired); call once all windows were offered and absorbed. */
  get signals(): Signal[] {
    if (!this.best) return [];
    this.best.rollup = this.count - 1;
    this.best.evidence.ips = [...this.ips].sort();
    this.best.firings = [...new Set(this.ends)].sort((a, b) => a - b);
    return [this.best];
  }
}

function stronger(c: Pick<Firing, 'value' | 'large' | 'end'>, b: Signal): boolean {
  if (c.large !== (b.large === true)) return c.large;
  if (c.value !== b.value) return c.value > b.value;
  return c.end < b.window.end;
}
