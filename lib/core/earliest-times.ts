const NONE: ReadonlyMap<string, number> = new Map();

/**
 * The earliest time each value of each set was met in a batch (a principal's first use of a client, the tenant's
 * first sight of an external domain): commutative, so events may be added in any order.
 */
export class EarliestTimes {
  readonly #sets = new Map<string, Map<string, number>>();

  note(set: string, value: string, time: number): void {
    let values = this.#sets.get(set);
    if (!values) {
      values = new Map();
      this.#sets.set(set, values);
    }
    const prev = values.get(value);
    if (prev === undefined || time < prev) values.set(value, time);
  }

  /** Value → earliest time, of one set. */
  of(set: string): ReadonlyMap<string, number> {
    return this.#sets.get(set) ?? NONE;
  }

  /** Every set with its values. */
  sets(): IterableIterator<[string, ReadonlyMap<string, number>]> {
    return this.#sets.entries();
  }
}
