import type { Prng } from './prng.ts';
import { ALNUM_MIXED } from './prng.ts';

const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** Salesforce's case-safe 18-char id: three suffix chars encode which of each 5 chars are upper case. */
export function toId18(id15: string): string {
  if (id15.length !== 15) throw new RangeError(`a 15-char Salesforce id is needed, got "${id15}"`);
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    suffix += SUFFIX[bits];
  }
  return id15 + suffix;
}

/** A 15-char id: 3-char key prefix (005 user, 00O report, 0AT log file…), pod `5e0000`, random tail. */
export function sfId15(rng: Prng, prefix: string): string {
  return `${prefix}5e0000${rng.chars(6, ALNUM_MIXED)}`;
}
