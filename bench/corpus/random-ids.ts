import type { Prng } from '../../lib/simulate/prng.ts';

const hex8 = (rng: Prng): string => Math.floor(rng.next() * 4294967296).toString(16).padStart(8, '0');

/**
 * RFC 4122 v4-shaped UUID from four 32-bit draws: the corpus needs millions of them, and four draws per id keep
 * generation from dominating a benchmark run (Prng.uuid draws once per hex digit).
 */
export function fastUuid(rng: Prng): string {
  const a = hex8(rng);
  const b = hex8(rng);
  const c = hex8(rng);
  const d = hex8(rng);
  const variant = '89ab'[rng.int(0, 3)]!;
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

/** Salesforce-looking alphanumeric tail (session keys, request ids). */
export function alnum(rng: Prng, n: number): string {
  const abc = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let s = '';
  for (let i = 0; i < n; i++) s += abc[Math.floor(rng.next() * 62)];
  return s;
}
