/** Time comes in from the shell: the core never reads the wall clock. */
export interface Clock {
  now(): number;
}

export const fixedClock = (ms: number): Clock => ({ now: () => ms });
