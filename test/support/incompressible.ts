import { createHash } from 'node:crypto';

/**
 * A string of `bytes` characters that no compressor shrinks much (base64url of SHA-256 in counter mode: 6 bits of
 * entropy per character, so a compressor keeps ≥ 3/4 of it): what hostile input looks like to the state item codec.
 * Deterministic for a given seed, unlike random bytes, so a failing test fails the same way again.
 */
export function incompressible(bytes: number, seed = 'hoardwatch'): string {
  const chunks: Buffer[] = [];
  let have = 0;
  for (let i = 0; have * 4 < bytes * 3 + 64; i++) {
    const c = createHash('sha256').update(`${seed}:${i}`).digest();
    chunks.push(c);
    have += c.length;
  }
  return Buffer.concat(chunks).toString('base64url').slice(0, bytes);
}
