/**
 * A fixed table keyed by vendor strings (operation names, workloads) as a Map. A plain object answers inherited
 * keys: `ACTIONS['constructor']` is Object's constructor function, so an operation named `constructor`,
 * `toString` or `__proto__` would become a function or a prototype instead of "not in the table".
 */
export function lookupTable<V>(entries: Readonly<Record<string, V>>): ReadonlyMap<string, V> {
  return new Map(Object.entries(entries));
}
