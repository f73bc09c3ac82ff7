import type { IdentityState, Profile, TenantState } from './state.ts';
import { DAY } from './time.ts';

/**
 * Byte budgets of the state items, well under DynamoDB's 400 KB item limit (the adapters add keys, version and TTL).
 * An item past its budget sheds its least useful data deterministically (oldest first) before it is written: a
 * person with hostile or enormous activity must not turn every later batch into a failing write.
 */
export const PROFILE_BUDGET = 300_000;
export const IDENTITY_BUDGET = 64_000;
export const TENANT_BUDGET = 300_000;
const KEEP_ALERTS_MS = 30 * DAY;
const KEEP_SIGNALS_MS = 7 * DAY;
const MAX_SIGNALS = 500;
const MAX_ALERTS = 200;

/** UTF-8 bytes of an item's JSON (DynamoDB counts attribute values in UTF-8). */
export function jsonBytes(value: unknown): number {
  return utf8Bytes(JSON.stringify(value));
}

/**
 * Whether an item's JSON fits `budget` bytes. A walk over the value bounds its JSON from above without formatting a
 * number or building a string (every profile of an ordinary person is far below its budget): JSON.stringify of every
 * profile in every batch was 4 % of a batch's time. Only an item the bound does not clear is serialized and counted.
 */
export function fitsBudget(value: unknown, budget: number): boolean {
  if (jsonBytesAtMost(value, budget) <= budget) return true;
  const json = JSON.stringify(value);
  return json.length * 3 <= budget || utf8Bytes(json) <= budget;
}

/** Longest JSON text of a number: `-0.0000012345678901234567` (at least 1e-6 is written without an exponent, 25). */
const MAX_NUMBER_JSON = 25;

/**
 * An upper bound of the UTF-8 bytes of `JSON.stringify(value)`, or Infinity once past `limit` or for anything but
 * plain JSON data (a toJSON method, a Map…). A string's UTF-16 unit takes at most 6 bytes (`\uXXXX`).
 */
export function jsonBytesAtMost(value: unknown, limit: number): number {
  switch (typeof value) {
    case 'string': return 2 + 6 * value.length;
    case 'number': return MAX_NUMBER_JSON;
    case 'boolean': return 5;
    case 'undefined': case 'function': case 'symbol': return 4; // "null" in an array; dropped from an object
    case 'bigint': return Number.POSITIVE_INFINITY; // JSON.stringify throws: let it
    default: break;
  }
  if (value === null) return 4;
  let total = 2;
  if (Array.isArray(value)) {
    // Indexed: an array iterator per array was most of the walk's allocation.
    for (let i = 0; i < value.length; i++) {
      total += jsonBytesAtMost(value[i], limit) + 1;
      if (total > limit) return Number.POSITIVE_INFINITY;
    }
    return total;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if ((proto !== Object.prototype && proto !== null) || typeof (value as { toJSON?: unknown }).toJSON === 'function') return Number.POSITIVE_INFINITY;
  for (const key in value) {
    total += 2 + 6 * key.length + 2 + jsonBytesAtMost((value as Record<string, unknown>)[key], limit);
    if (total > limit) return Number.POSITIVE_INFINITY;
  }
  return total;
}

function utf8Bytes(json: string): number {
  let bytes = json.length;
  // Only non-ASCII characters add bytes beyond one per UTF-16 unit.
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 2; // a surrogate pair: 4 bytes for 2 units
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/** What an item shed to fit its budget (for a metric and the batch stats). */
export interface Shed {
  key: string;
  bytesBefore: number;
  bytesAfter: number;
}

/** Ages out and caps an identity's alert and signal refs, then fits it in its budget (oldest first). */
export function boundIdentity(s: IdentityState): Shed | undefined {
  const newest = Math.max(0, ...s.alerts.map((a) => a.time), ...s.signals.map((x) => x.time));
  s.alerts = s.alerts.filter((a) => newest - a.time <= KEEP_ALERTS_MS);
  s.signals = s.signals.filter((x) => newest - x.time <= KEEP_SIGNALS_MS);
  // Oldest first out; ties by detector so the kept set does not depend on arrival order.
  const byAge = <T extends { time: number; detector: string }>(a: T, b: T): number => a.time - b.time || (a.detector < b.detector ? -1 : a.detector > b.detector ? 1 : 0);
  s.signals.sort(byAge);
  s.alerts.sort(byAge);
  if (s.signals.length > MAX_SIGNALS) s.signals = s.signals.slice(-MAX_SIGNALS);
  if (s.alerts.length > MAX_ALERTS) s.alerts = s.alerts.slice(-MAX_ALERTS);
  // Chain steps are kept in time order (exfil-chain.ts) and aged out there; here they are shed oldest first too.
  const chain = (): number => s.chain?.length ?? 0;
  const before = jsonBytes(s);
  if (before <= IDENTITY_BUDGET) return undefined;
  while (jsonBytes(s) > IDENTITY_BUDGET && (s.signals.length > 0 || s.alerts.length > 0 || chain() > 0)) {
    if (chain() >= s.signals.length && chain() >= s.alerts.length) s.chain = s.chain!.slice(Math.ceil(chain() / 4));
    else if (s.signals.length >= s.alerts.length) s.signals = s.signals.slice(Math.ceil(s.signals.length / 4));
    else s.alerts = s.alerts.slice(Math.ceil(s.alerts.length / 4));
  }
  return { key: s.key, bytesBefore: before, bytesAfter: jsonBytes(s) };
}

/**
 * Fits a profile in its budget: sheds the oldest recent buckets, then the least recently seen first-seen values, then
 * the oldest metric days, then the oldest activity days — a quarter at a time until it fits.
 */
export function boundProfile(p: Profile): Shed | undefined {
  if (fitsBudget(p, PROFILE_BUDGET)) return undefined;
  const before = jsonBytes(p);
  const steps: Array<() => boolean> = [
    () => shedRecent(p),
    () => shedSeen(p),
    () => shedMetricDays(p),
    () => {
      if (p.act.length === 0) return false;
      p.act = p.act.slice(3 * Math.ceil(p.act.length / 12));
      return true;
    },
  ];
  for (const step of steps) {
    while (jsonBytes(p) > PROFILE_BUDGET) if (!step()) break;
    if (jsonBytes(p) <= PROFILE_BUDGET) break;
  }
  return { key: p.key, bytesBefore: before, bytesAfter: jsonBytes(p) };
}

function shedRecent(p: Profile): boolean {
  const all = Object.values(p.recent).flat();
  if (all.length === 0) return false;
  const times = all.map((r) => r[0]).sort((a, b) => a - b);
  const cut = times[Math.ceil(times.length / 4) - 1]!;
  for (const [name, list] of Object.entries(p.recent)) {
    const kept = list.filter((r) => r[0] > cut);
    if (kept.length) p.recent[name] = kept;
    else delete p.recent[name];
  }
  return true;
}

function shedSeen(p: Profile): boolean {
  const lasts = Object.values(p.seen).flatMap((s) => s.t).sort((a, b) => a - b);
  if (lasts.length === 0) return false;
  const cut = lasts[Math.ceil(lasts.length / 4) - 1]!;
  for (const [set, s] of Object.entries(p.seen)) {
    const keep = s.v.map((_, i) => i).filter((i) => s.t[i]! > cut);
    if (keep.length === 0) delete p.seen[set];
    else p.seen[set] = { v: keep.map((i) => s.v[i]!), f: keep.map((i) => s.f[i]!), t: keep.map((i) => s.t[i]!) };
  }
  return true;
}

function shedMetricDays(p: Profile): boolean {
  const days = Object.values(p.metrics).flatMap((m) => m.d).sort((a, b) => a - b);
  if (days.length === 0) return false;
  const cut = days[Math.ceil(days.length / 4) - 1]!;
  for (const [name, m] of Object.entries(p.metrics)) {
    const keep = m.d.map((_, i) => i).filter((i) => m.d[i]! > cut);
    if (keep.length === 0) {
      delete p.metrics[name];
      continue;
    }
    const next = { d: keep.map((i) => m.d[i]!), v: keep.map((i) => m.v[i]!), p: keep.map((i) => m.p[i]!), h: keep.map((i) => m.h[i]!) };
    p.metrics[name] = m.a ? { ...next, a: m.a.filter((d) => d > cut) } : next;
  }
  return true;
}

/** Fits the tenant item: drops the smallest peer groups first, then the least recently seen tenant values. */
export function boundTenant(t: TenantState): Shed | undefined {
  const before = jsonBytes(t);
  if (before <= TENANT_BUDGET) return undefined;
  while (jsonBytes(t) > TENANT_BUDGET && t.peers && Object.keys(t.peers).length > 0) {
    const size = (g: Record<string, { m: string[] }>): number => Object.values(g).reduce((n, x) => n + x.m.length, 0);
    const [smallest] = Object.entries(t.peers).sort(([ka, a], [kb, b]) => size(a) - size(b) || (ka < kb ? -1 : 1))[0]!;
    delete t.peers[smallest];
  }
  for (const [set, s] of Object.entries(t.seen)) {
    while (jsonBytes(t) > TENANT_BUDGET && s.v.length > 0) {
      const order = s.v.map((_, i) => i).sort((a, b) => s.t[a]! - s.t[b]! || (s.v[a]! < s.v[b]! ? -1 : 1));
      const drop = new Set(order.slice(0, Math.ceil(order.length / 4)));
      const keep = s.v.map((_, i) => i).filter((i) => !drop.has(i));
      t.seen[set] = { v: keep.map((i) => s.v[i]!), f: keep.map((i) => s.f[i]!), t: keep.map((i) => s.t[i]!) };
      if (keep.length === 0) break;
      Object.assign(s, t.seen[set]);
    }
  }
  return { key: t.key, bytesBefore: before, bytesAfter: jsonBytes(t) };
}
