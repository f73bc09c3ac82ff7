import type { Random } from './sleep.ts';

export interface BackoffPolicy {
  /** Delay before the first retry, ms. */
  baseDelayMs: number;
  /** Ceiling for any single computed delay, ms. */
  maxDelayMs: number;
}

/**
 * Exponential backoff with "equal jitter": half the exponential delay is fixed, half random, so retries of many
 * clients spread out while each still waits at least base·2^attempt / 2. `attempt` is 0 for the first retry.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: Random): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(exp / 2 + (exp / 2) * random());
}
