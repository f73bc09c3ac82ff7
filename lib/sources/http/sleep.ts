/** Waiting is injected everywhere so that tests drive time instead of waiting for it. */
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Source of randomness in [0, 1) (jitter, run ids); injected for deterministic tests. */
export type Random = () => number;
