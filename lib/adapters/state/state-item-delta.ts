/**
 * Delta coding of a profile's day and time arrays in a stored item body (state-item-codec.ts, format 2). Sorted epoch
 * days such as `[20731,20732,20733,…]` differ in every number, which deflate cannot exploit; as differences
 * (`[20731,1,1,…]`) they compress to almost nothing (with the dictionary, 9.9 % fewer write units than Brotli q5 on
 * 66-day profiles).
 *
 * Coded, when every value of every coded array is an integer within ±2^50 (so each difference, and the sums that undo
 * it, stay exact): `metrics.*.d` and `metrics.*.a` (days), every third value of `act` (its local days), `seen.*.f`
 * (first days; `seen.*.t` as last day minus first day) and the start of each `recent.*` bucket. Any other item — an
 * identity, the tenant, a profile of another shape — is stored as it is.
 */

type Obj = Record<string, unknown>;

const LIMIT = 2 ** 50;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => Number.isInteger(v) && Math.abs(v as number) <= LIMIT;
const ints = (v: unknown): v is number[] => Array.isArray(v) && v.every(isInt);
const values = (v: unknown): unknown[] => (isObj(v) ? Object.values(v) : []);

/** Whether an item's coded arrays are all there in the shape coding needs. */
function codable(item: Obj): boolean {
  const { metrics, act, seen, recent } = item;
  if (!isObj(metrics) || !ints(act) || act.length % 3 !== 0 || !isObj(seen) || !isObj(recent)) return false;
  for (const m of values(metrics)) if (!isObj(m) || !ints(m.d) || (m.a !== undefined && !ints(m.a))) return false;
  for (const s of values(seen)) if (!isObj(s) || !ints(s.f) || !ints(s.t) || s.f.length !== s.t.length) return false;
  for (const list of values(recent)) {
    if (!Array.isArray(list) || !list.every((b) => Array.isArray(b) && isInt(b[0]))) return false;
  }
  return true;
}

const mapValues = (o: Obj, f: (v: Obj) => unknown): Obj => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v as Obj)]));

function diffs(xs: readonly number[], step = 1): number[] {
  const out = [...xs];
  for (let i = out.length - step; i > 0; i -= step) out[i] = xs[i]! - xs[i - step]!;
  return out;
}

function sums(xs: number[], step = 1): void {
  for (let i = step; i < xs.length; i += step) xs[i] = xs[i]! + xs[i - step]!;
}

/** A delta-coded copy of a profile-shaped item (the item itself is not changed), or undefined to store it as it is. */
export function deltaCoded(item: Obj): Obj | undefined {
  if (!codable(item)) return undefined;
  return {
    ...item,
    metrics: mapValues(item.metrics as Obj, (m) => ({ ...m, d: diffs(m.d as number[]), ...(m.a === undefined ? {} : { a: diffs(m.a as number[]) }) })),
    act: diffs(item.act as number[], 3),
    seen: mapValues(item.seen as Obj, (s) => {
      const f = s.f as number[];
      return { ...s, f: diffs(f), t: (s.t as number[]).map((t, i) => t - f[i]!) };
    }),
    recent: mapValues(item.recent as Obj, (list) => {
      const bs = list as unknown as unknown[][];
      const starts = diffs(bs.map((b) => b[0] as number));
      return bs.map((b, i) => [starts[i], ...b.slice(1)]);
    }),
  };
}

/** Undoes deltaCoded in place, on an item just parsed from a format-2 body. */
export function undoDelta(item: Obj): void {
  for (const m of values(item.metrics) as Obj[]) {
    sums(m.d as number[]);
    if (m.a !== undefined) sums(m.a as number[]);
  }
  sums(item.act as number[], 3);
  for (const s of values(item.seen) as Obj[]) {
    const f = s.f as number[];
    sums(f);
    const t = s.t as number[];
    for (let i = 0; i < t.length; i++) t[i] = t[i]! + f[i]!;
  }
  for (const list of values(item.recent) as unknown[][][]) {
    let start = 0;
    for (const b of list) b[0] = start = start + (b[0] as number);
  }
}
