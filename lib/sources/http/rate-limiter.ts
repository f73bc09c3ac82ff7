import type { Clock } from '../../core/clock.ts';
import type { Sleep } from './sleep.ts';

/** Gate in front of every vendor call (retries included: each attempt spends quota). */
export interface RateLimiter {
  acquire(): Promise<void>;
}

export interface SlidingWindowOptions {
  /** Calls allowed in any window of `windowMs` (Slack Audit Logs: 50 per 60 000 ms, org-wide). */
  limit: number;
  windowMs: number;
  clock: Clock;
  sleep: Sleep;
}

/**
 * Sliding-window log limiter: remembers the start time of the last `limit` calls and makes the next caller wait
 * until the oldest of them leaves the window. Exact (no burst above `limit` in any window), O(limit) memory.
 * Callers are served in order, so concurrent callers cannot jointly exceed the limit.
 */
export class SlidingWindowRateLimiter implements RateLimiter {
  readonly #opts: SlidingWindowOptions;
  readonly #starts: number[] = [];
  #queue: Promise<void> = Promise.resolve();
  /** Total time spent waiting for the window, for run summaries. */
  waitedMs = 0;

  constructor(opts: SlidingWindowOptions) {
    if (!(opts.limit >= 1) || !(opts.windowMs > 0)) throw new RangeError('rate limiter needs limit >= 1 and windowMs > 0');
    this.#opts = opts;
  }

  acquire(): Promise<void> {
    const turn = this.#queue.then(() => this.#take());
    // A failed sleep must not wedge later callers.
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  async #take(): Promise<void> {
    const { limit, windowMs, clock, sleep } = this.#opts;
    for (;;) {
      const now = clock.now();
      while (this.#starts.length > 0 && (this.#starts[0] ?? 0) <= now - windowMs) this.#starts.shift();
      if (this.#starts.length < limit) {
        this.#starts.push(now);
        return;
      }
      const wait = (this.#starts[0] ?? now) + windowMs - now;
      this.waitedMs += wait;
      await sleep(wait);
    }
  }
}
