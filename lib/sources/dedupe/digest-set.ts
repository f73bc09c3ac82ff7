import type { Digest } from './digest.ts';

/**
 * A set of 64-bit digests in one Uint32Array (open addressing, linear probing, load ≤ 1/2): 16 bytes per digest at
 * worst, where a `Set<string>` of the same values costs ~50. The all-zero digest is kept in a flag, since (0,0) marks
 * an empty slot.
 */
export class DigestSet {
  #slots: Uint32Array;
  #mask: number;
  #size = 0;
  #hasZero = false;

  constructor(expected = 16) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.#slots = new Uint32Array(cap * 2);
    this.#mask = cap - 1;
  }

  get size(): number {
    return this.#size;
  }

  has(d: Digest): boolean {
    if (d.hi === 0 && d.lo === 0) return this.#hasZero;
    const s = this.#slots;
    for (let i = this.#start(d); ; i = (i + 1) & this.#mask) {
      const hi = s[i * 2]!;
      const lo = s[i * 2 + 1]!;
      if (hi === 0 && lo === 0) return false;
      if (hi === d.hi && lo === d.lo) return true;
    }
  }

  /** False when it was already there. */
  add(d: Digest): boolean {
    if (d.hi === 0 && d.lo === 0) {
      if (this.#hasZero) return false;
      this.#hasZero = true;
      this.#size++;
      return true;
    }
    if ((this.#size + 1) * 2 > this.#mask + 1) this.#grow();
    const s = this.#slots;
    for (let i = this.#start(d); ; i = (i + 1) & this.#mask) {
      const hi = s[i * 2]!;
      const lo = s[i * 2 + 1]!;
      if (hi === d.hi && lo === d.lo) return false;
      if (hi === 0 && lo === 0) {
        s[i * 2] = d.hi;
        s[i * 2 + 1] = d.lo;
        this.#size++;
        return true;
      }
    }
  }

  *[Symbol.iterator](): Generator<Digest> {
    if (this.#hasZero) yield { hi: 0, lo: 0 };
    const s = this.#slots;
    for (let i = 0; i < s.length; i += 2) if (s[i] !== 0 || s[i + 1] !== 0) yield { hi: s[i]!, lo: s[i + 1]! };
  }

  /** Bytes held by the table (what a loaded bucket costs in memory). */
  get bytes(): number {
    return this.#slots.byteLength;
  }

  #start(d: Digest): number {
    // The digest is already uniform: its low half picks the slot.
    return (d.lo ^ d.hi) & this.#mask;
  }

  #grow(): void {
    const old = this.#slots;
    const cap = (this.#mask + 1) * 2;
    this.#slots = new Uint32Array(cap * 2);
    this.#mask = cap - 1;
    const zero = this.#hasZero;
    this.#size = 0;
    this.#hasZero = false;
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0 || old[i + 1] !== 0) this.add({ hi: old[i]!, lo: old[i + 1]! });
    if (zero) this.add({ hi: 0, lo: 0 });
  }
}
