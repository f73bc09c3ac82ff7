/**
 * Which of `n` workers judges a principal: a stable hash (FNV-1a, 32 bits) of its key `source:actorId`, so a principal
 * is judged by the same worker in every batch of a run and the split does not depend on the input's order.
 */
export function partitionOf(principalKey: string, n: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < principalKey.length; i++) {
    h ^= principalKey.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % n;
}
