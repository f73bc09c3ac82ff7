import type { Clock } from '../../lib/core/clock.ts';
import type { Sleep } from '../../lib/sources/http/sleep.ts';

/** A clock that only moves when slept on or advanced: retries and rate limits cost no real time. */
export function fakeTime(startMs: number): { clock: Clock; sleep: Sleep; advance(ms: number): void; sleeps: number[] } {
  let now = startMs;
  const sleeps: number[] = [];
  return {
    clock: { now: () => now },
    sleep: async (ms) => {
      sleeps.push(ms);
      now += Math.max(0, ms);
    },
    advance: (ms) => {
      now += ms;
    },
    sleeps,
  };
}
