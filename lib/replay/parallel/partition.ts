/**
 * Which of `n` partitions judges a principal: a stable hash (FNV-1a, 32 bits, finalized) of its key `source:actorId`, so a
 * principal is judged by the same partition in every batch of a run and the split does not depend on the input's order.
 * Partition 0 is judged on the main thread, which also reads, normalizes, routes, loads and saves (about half of what
 * one thread does with one worker): it takes a share of 1/(2n) of the hash range, the worker threads the rest evenly.
 */
export function partitionOf(principalKey: string, n: number): number {
  if (n <= 1) return 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < principalKey.length; i++) {
    h ^= principalKey.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // FNV-1a leaves the high bits of short, similar keys poorly mixed: murmur3's finalizer spreads them.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  const share = (h >>> 0) / 2 ** 32;
  const main = mainShare(n);
  if (share < main) return 0;
  return 1 + Math.min(n - 2, Math.floor(((share - main) / (1 - main)) * (n - 1)));
}

/** The main thread's share of the principals with `n` partitions. */
export const mainShare = (n: number): number => 1 / (2 * n);
