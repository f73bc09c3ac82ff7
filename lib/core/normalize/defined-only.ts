/**
 * `obj` without its undefined entries, or undefined when nothing is left, so events carry no `undefined` keys (they
 * serialize and compare cleanly). Returns `obj` itself when it has no undefined entry: the facts objects handed in are
 * built fresh for each event, so there is nothing to copy.
 */
export function definedOnly<T extends object>(obj: T | undefined): T | undefined {
  if (obj === undefined) return undefined;
  let defined = 0;
  let dropped = 0;
  for (const key in obj) {
    if (obj[key] === undefined) dropped++;
    else defined++;
  }
  if (defined === 0) return undefined;
  if (dropped === 0) return obj;
  const out: Partial<T> = {};
  for (const key in obj) if (obj[key] !== undefined) out[key] = obj[key];
  return out as T;
}
