import type { Clock } from '../../core/clock.ts';
import type { RateLimiter } from '../http/rate-limiter.ts';
import type { Sleep } from '../http/sleep.ts';

/** Waits at most this long for a reset, whatever a header says (a misbehaving header must not stall a run). */
const MAX_WAIT_MS = 120_000;

/** Milliseconds until `X-Rate-Limit-Reset` (epoch seconds), plus a second for clock skew; undefined without it. */
export function untilReset(headers: Headers, nowMs: number): number | undefined {
  const reset = Number(headers.get('x-rate-limit-reset'));
  if (!headers.has('x-rate-limit-reset') || !Number.isFinite(reset) || reset <= 0) return undefined;
  return Math.min(MAX_WAIT_MS, Math.max(0, reset * 1000 - nowMs + 1000));
}

/**
 * Okta's per-endpoint rate limit, read from each response (`X-Rate-Limit-Remaining`/`-Reset`): once the calls left
 * in the window fall to the reserve, the next call waits for the reset instead of running into a 429. The reserve
 * leaves room for other consumers of the same org limit (a SIEM, the admin console).
 */
export class OktaRateGate implements RateLimiter {
  #remaining: number | undefined;
  #resetMs: number | undefined;
  waitedMs = 0;

  constructor(private readonly o: { clock: Clock; sleep: Sleep; reserve: number }) {}

  observe(headers: Headers): void {
    const remaining = Number(headers.get('x-rate-limit-remaining'));
    const reset = Number(headers.get('x-rate-limit-reset'));
    if (!headers.has('x-rate-limit-remaining') || !Number.isFinite(remaining)) return;
    this.#remaining = remaining;
    this.#resetMs = Number.isFinite(reset) && reset > 0 ? reset * 1000 : undefined;
  }

  async acquire(): Promise<void> {
    if (this.#remaining === undefined || this.#remaining > this.o.reserve || this.#resetMs === undefined) return;
    const wait = Math.min(MAX_WAIT_MS, this.#resetMs - this.o.clock.now() + 1000);
    this.#remaining = undefined; // the window has reset by the time we are done waiting
    if (wait <= 0) return;
    this.waitedMs += wait;
    await this.o.sleep(wait);
  }
}
