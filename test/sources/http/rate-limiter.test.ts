import { describe, expect, it } from 'vitest';
import { SlidingWindowRateLimiter } from '../../../lib/sources/http/rate-limiter.ts';
import { parseRetryAfter } from '../../../lib/sources/http/retry-after.ts';
import { fakeTime } from '../../support/fake-time.ts';

describe('SlidingWindowRateLimiter', () => {
  it('never lets more than `limit` calls into any window, also for concurrent callers', async () => {
    const time = fakeTime(0);
    const limiter = new SlidingWindowRateLimiter({ limit: 50, windowMs: 60_000, clock: time.clock, sleep: time.sleep });
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 175 }, async () => {
      await limiter.acquire();
      starts.push(time.clock.now());
    }));
    expect(starts).toHaveLength(175);
    for (const t of starts) expect(starts.filter((u) => u >= t && u < t + 60_000).length).toBeLessThanOrEqual(50);
    expect(Math.max(...starts)).toBe(180_000);
    expect(limiter.waitedMs).toBe(180_000);
  });

  it('does not wait while under the limit', async () => {
    const time = fakeTime(0);
    const limiter = new SlidingWindowRateLimiter({ limit: 3, windowMs: 1000, clock: time.clock, sleep: time.sleep });
    for (let i = 0; i < 3; i++) await limiter.acquire();
    expect(time.sleeps).toEqual([]);
    time.advance(400);
    await limiter.acquire();
    expect(time.sleeps).toEqual([600]);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates; ignores junk', () => {
    const now = Date.UTC(2026, 0, 1, 0, 0, 0);
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:45 GMT', now)).toBe(45_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
