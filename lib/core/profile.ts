import { createHash } from 'node:crypto';
import { shortHash } from './short-hash.ts';
import type { MetricDays, Profile, RecentBucket, RecentExtra, SeenList } from './state.ts';
import { DAY, HOUR, dayOf } from './time.ts';

/**
 * A judgement of day D relies only on days up to D − 1 − SETTLE_DAYS: data of the day before may still be arriving
 * (ELF files come hours late, a backfill interleaves streams), and a baseline that moved with it would make the same
 * batches judge differently depending on the order they arrived in.
 */
export const SETTLE_DAYS = 1;
/** First-seen sets age out after 90 days and keep at most this many values (least recently seen dropped). */
export const SEEN_MAX_AGE_DAYS = 90;
export const SEEN_CAP = 200;
/** Days of history per metric and of activity kept. */
export const METRIC_DAYS_CAP = 90;
const ACT_DAYS_CAP = 120;
/**
 * Buckets kept per metric, back from the newest activity: a batch up to a day late (SETTLE_DAYS) completes 24 h
 * windows reaching one more day back, so three days (and the hour in progress) keep late data exact.
 */
export const RECENT_MS = (2 + SETTLE_DAYS) * DAY + HOUR;
/** A retry of a partially saved batch is recognised by these; a durable processed-batch record covers replays. */
export const BATCH_MARKERS = 16;
/** Fewer settled active days than this: cold start, judged against peers or the org. */
export const COLD_START_DAYS = 14;
/** A slot of the week (or an hour of any day) is "usual" once activity was seen in it on this many settled days. */
export const USUAL_SLOT_DAYS = 3;
export const CURRENT_FORMAT = 3;

/** Flags of an activity day. */
export const ACT_INTERACTIVE = 1;

/** The newest day a judgement of `day` may rely on. */
export const settledBefore = (day: number): number => day - 1 - SETTLE_DAYS;

export function newProfile(key: string, source: string, id: string, identity: string, time: number): Profile {
  return {
    key, version: 0, format: CURRENT_FORMAT, source, id, identity, batches: [], firstSeen: time, lastSeen: time, act: [],
    metrics: {}, seen: {}, recent: {},
  };
}

/** A stored profile of a layout newer than this version knows (written by a later version, then rolled back). */
export class ProfileLayoutError extends Error {
  constructor(readonly key: string, readonly format: number) {
    super(`profile ${key} has layout ${format}, newer than this version's ${CURRENT_FORMAT}: deploy the version that wrote it`);
    this.name = 'ProfileLayoutError';
  }
}

/**
 * Profiles of earlier layouts, upgraded when read. Layout 2 kept 11-character digests in its first-seen sets: they
 * are cut to the 6 characters layout 3 keeps (the same characters seenKey now gives, so every value seen before is
 * still seen). Profiles of the first layout held running aggregates (EWMA, open-day totals, slot counters) that
 * cannot be split back into days: their first-seen sets and active days carry over, their volume baselines restart
 * (the principal is judged against peers until it has history again).
 */
export function upgradeProfile(p: Profile): Profile {
  if (p.format === CURRENT_FORMAT) return p;
  // A layout from a later version (a rollback): read as the first layout it would lose its baselines, so refuse it.
  if (typeof p.format === 'number' && p.format > CURRENT_FORMAT) throw new ProfileLayoutError(p.key, p.format);
  if (p.format === 2) {
    for (const [set, list] of Object.entries(p.seen)) p.seen[set] = shortenedDigests(list);
    p.format = CURRENT_FORMAT;
    return p;
  }
  const old = p as unknown as Record<string, unknown> & Profile;
  const seen: Record<string, SeenList> = {};
  for (const [set, values] of Object.entries((old.seen ?? {}) as Record<string, unknown>)) {
    const list = values as { v?: string[]; t?: number[] } | Record<string, number>;
    if (Array.isArray((list as { v?: unknown }).v)) {
      const l = list as { v: string[]; t: number[] };
      seen[set] = { v: l.v.map((v) => seenKey(set, v)), f: [...l.t], t: [...l.t] };
    } else {
      const entries = Object.entries(list as Record<string, number>);
      const days = entries.map(([, ms]) => dayOf(ms));
      seen[set] = { v: entries.map(([v]) => seenKey(set, v)), f: days, t: [...days] };
    }
  }
  const activeDays = Array.isArray(old.activeDays) ? (old.activeDays as number[]) : [];
  const upgraded: Profile = {
    key: p.key, version: p.version, format: CURRENT_FORMAT, source: p.source, id: p.id, identity: p.identity,
    batches: Array.isArray(p.batches) ? p.batches : [], firstSeen: p.firstSeen, lastSeen: p.lastSeen,
    act: activeDays.flatMap((d) => [d, 0, 0]), metrics: {}, seen, recent: {},
  };
  if (p.name !== undefined) upgraded.name = p.name;
  return upgraded;
}

/** A layout-2 digest: `#` and shortHash's 11 base-36 characters. */
const LAYOUT2_DIGEST = /^#[0-9a-z]{11}$/;

/** A layout-2 set with its digests cut to layout 3's; two that now coincide are one value (first and last day widened). */
function shortenedDigests(list: SeenList): SeenList {
  const out = newSeenList();
  const index = new Map<string, number>();
  for (let i = 0; i < list.v.length; i++) {
    const old = list.v[i]!;
    const v = LAYOUT2_DIGEST.test(old) ? `#${old.slice(-PROFILE_DIGEST_CHARS)}` : old;
    for (const day of [list.f[i]!, list.t[i]!]) noteSeen(out, index.get(v) ?? -1, v, day, index);
  }
  return out;
}

/* ---------- activity days ---------- */

function actIndex(act: readonly number[], day: number): number {
  for (let i = 0; i < act.length; i += 3) if (act[i] === day) return i;
  return -1;
}

/** ORs a local day's active hours and flags into the profile (idempotent: a re-delivered batch changes nothing). */
export function foldActivity(p: Profile, localDay: number, hourMask: number, flags: number): void {
  const i = actIndex(p.act, localDay);
  if (i >= 0) {
    p.act[i + 1] = (p.act[i + 1]! | hourMask) >>> 0;
    p.act[i + 2] = p.act[i + 2]! | flags;
    return;
  }
  let at = p.act.length;
  while (at > 0 && p.act[at - 3]! > localDay) at -= 3;
  p.act.splice(at, 0, localDay, hourMask >>> 0, flags);
  const newest = p.act[p.act.length - 3]!;
  while (p.act.length > 0 && p.act[0]! < newest - ACT_DAYS_CAP) p.act.splice(0, 3);
}

/** Settled active days before a local day (what cold start is judged on). */
export function activeDaysBefore(p: Profile, localDay: number): number {
  const last = settledBefore(localDay);
  let n = 0;
  for (let i = 0; i < p.act.length; i += 3) if (p.act[i]! <= last) n++;
  return n;
}

export const isColdStart = (p: Profile, localDay: number): boolean => activeDaysBefore(p, localDay) < COLD_START_DAYS;

/** Settled days on which the local hour was active, optionally only on one weekday. */
function hourDays(p: Profile, localDay: number, hour: number, weekday?: number): number {
  const last = settledBefore(localDay);
  const bit = 1 << hour;
  let n = 0;
  for (let i = 0; i < p.act.length; i += 3) {
    const d = p.act[i]!;
    if (d > last || (p.act[i + 1]! & bit) === 0) continue;
    if (weekday !== undefined && (((d + 3) % 7) + 7) % 7 !== weekday) continue;
    n++;
  }
  return n;
}

/** The same local weekday and hour seen on ≥ 3 settled days. */
export const isUsualSlot = (p: Profile, localDay: number, hour: number): boolean =>
  hourDays(p, localDay, hour, (((localDay + 3) % 7) + 7) % 7) >= USUAL_SLOT_DAYS;

/** The same local hour on any weekday seen on ≥ 3 settled days: a daily job's habit, learned in days rather than weeks. */
export const isUsualHour = (p: Profile, localDay: number, hour: number): boolean => hourDays(p, localDay, hour) >= USUAL_SLOT_DAYS;

/**
 * Behaves like an integration (API only, around the clock), learned from ≥ 5 settled days: never interactive, and
 * active in ≥ 12 local hours a day on average.
 */
export function isServiceLike(p: Profile, localDay: number): boolean {
  const last = settledBefore(localDay);
  let days = 0;
  let hours = 0;
  for (let i = 0; i < p.act.length; i += 3) {
    if (p.act[i]! > last) continue;
    if (p.act[i + 2]! & ACT_INTERACTIVE) return false;
    days++;
    hours += popcount(p.act[i + 1]!);
  }
  return days >= 5 && hours / days >= 12;
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v; v &= v - 1) n++;
  return n;
}

/* ---------- first-seen sets ---------- */

const DIGEST_ABOVE = 16;
/**
 * Characters of a long value's digest in a profile's first-seen sets: the last six base-36 digits of its shortHash
 * (~31 bits). A set holds at most SEEN_CAP values, so a lookup takes a new value for one seen with odds below
 * 200 / 36^6 ≈ 1e-7. The digests were half the stored bytes of a 66-day profile at 11 characters (layout 2).
 */
const PROFILE_DIGEST_CHARS = 6;

/**
 * The key a value has in a profile's first-seen set: values over 16 characters are kept as a digest. Every set
 * is only ever asked "seen before?", and caller-chosen strings (a Salesforce client name) must not grow the profile.
 */
export function seenKey(_set: string, value: string): string {
  return value.length <= DIGEST_ABOVE ? value : `#${shortHash(value).slice(-PROFILE_DIGEST_CHARS)}`;
}

/** The key in a tenant-wide set: its thousands of values keep shortHash's whole 53 bits. */
export function tenantSeenKey(value: string): string {
  return value.length <= DIGEST_ABOVE ? value : `#${shortHash(value)}`;
}

/** Seen on a settled day before `day` and within the last 90 days. */
export function hasSeen(p: Profile, set: string, value: string, day: number): boolean {
  const s = p.seen[set];
  if (!s) return false;
  const i = s.v.indexOf(seenKey(set, value));
  return i >= 0 && s.f[i]! <= settledBefore(day) && day - s.t[i]! <= SEEN_MAX_AGE_DAYS;
}

/** Adds a day's values as `keyOf` keys them, or widens their first/last day (commutative: any order, same set). */
export function mergeSeen(list: SeenList, values: Iterable<string>, keyOf: (value: string) => string, day: number): void {
  let index: Map<string, number> | undefined;
  for (const value of values) {
    const v = keyOf(value);
    // Indexed once the list is past a short scan, also when it grows past that here (a tenant's thousands of new
    // external domains in one batch: a scan per value was quadratic).
    if (!index && list.v.length > 64) {
      index = new Map();
      for (let j = 0; j < list.v.length; j++) index.set(list.v[j]!, j);
    }
    noteSeen(list, index ? index.get(v) ?? -1 : list.v.indexOf(v), v, day, index);
  }
}

/** Key `v` (at `i`, or -1 when new) seen on `day`: added, or its first/last day widened; `index` kept in step. */
export function noteSeen(list: SeenList, i: number, v: string, day: number, index?: Map<string, number>): void {
  if (i < 0) {
    index?.set(v, list.v.length);
    list.v.push(v);
    list.f.push(day);
    list.t.push(day);
  } else {
    if (day < list.f[i]!) list.f[i] = day;
    if (day > list.t[i]!) list.t[i] = day;
  }
}

export const newSeenList = (): SeenList => ({ v: [], f: [], t: [] });

/**
 * Ages out values not seen for 90 days before the newest day and keeps the SEEN_CAP most recently seen (ties by
 * key): the result depends only on the set, not on the order values arrived in.
 */
export function pruneSeen(p: Profile): void {
  const today = dayOf(p.lastSeen);
  for (const [set, s] of Object.entries(p.seen)) p.seen[set] = prunedList(s, today, SEEN_CAP);
}

export function prunedList(s: SeenList, today: number, cap: number): SeenList {
  let keep = true;
  for (const t of s.t) if (today - t > SEEN_MAX_AGE_DAYS) keep = false;
  if (keep && s.v.length <= cap) return s;
  const idx = s.v.map((_, i) => i).filter((i) => today - s.t[i]! <= SEEN_MAX_AGE_DAYS);
  if (idx.length > cap) {
    idx.sort((a, b) => s.t[b]! - s.t[a]! || (s.v[a]! < s.v[b]! ? -1 : 1));
    idx.length = cap;
    idx.sort((a, b) => a - b);
  }
  return { v: idx.map((i) => s.v[i]!), f: idx.map((i) => s.f[i]!), t: idx.map((i) => s.t[i]!) };
}

/* ---------- metric days ---------- */

export function metricDays(p: Profile, name: string): MetricDays {
  let m = p.metrics[name];
  if (!m) {
    m = { d: [], v: [], p: [], h: [] };
    p.metrics[name] = m;
  }
  return m;
}

/** Index of `day` in the metric's days, inserting an empty day when absent. */
function dayIndex(m: MetricDays, day: number): number {
  let i = m.d.length;
  while (i > 0 && m.d[i - 1]! > day) i--;
  if (i > 0 && m.d[i - 1] === day) return i - 1;
  m.d.splice(i, 0, day);
  m.v.splice(i, 0, 0);
  m.p.splice(i, 0, 0);
  m.h.splice(i, 0, 0);
  return i;
}

/** Marks the day on which the metric raised an alert (held out of the baseline unless it forms a habit). */
export function markAlerted(m: MetricDays, day: number): void {
  const a = (m.a ??= []);
  if (a.includes(day)) return;
  a.push(day);
  a.sort((x, y) => x - y);
}

/** A day's value of a bucket: the sum of its parts, counting each family once across feeds (max of ELF and RTEM). */
export function combineParts(parts: Readonly<Record<string, number>>): number {
  const best = new Map<string, number>();
  for (const [k, v] of Object.entries(parts)) {
    const colon = k.indexOf(':');
    const family = colon < 0 ? k : k.slice(0, colon);
    best.set(family, Math.max(best.get(family) ?? 0, v));
  }
  let sum = 0;
  for (const v of best.values()) sum += v;
  return sum;
}

/** What one batch adds to a bucket of a metric. */
export interface BucketDelta {
  start: number;
  value: number;
  parts?: Readonly<Record<string, number>> | undefined;
  /** Distinct keys of a distinct-count bucket. */
  keys?: ReadonlySet<string> | undefined;
  /** Source IPs seen in the bucket. */
  ips?: readonly string[] | undefined;
}

/** Distinct keys kept per recent bucket (as digests); past it, counts add up as they were. */
export const KEYS_KEPT = 64;
/** Source IPs kept per recent bucket (the smallest, sorted: any order of batches keeps the same ones). */
export const IPS_KEPT = 3;
/** The digest a distinct key is kept as in a recent bucket. */
export const keyDigest = (key: string): string => shortHash(key).slice(0, 8);

/** The smallest `max` of two sorted-unique lists' union. */
export function sortedUnion(a: readonly string[] | undefined, b: readonly string[], max: number): string[] {
  return [...new Set([...(a ?? []), ...b])].sort().slice(0, max);
}

/**
 * Folds a batch's buckets of one metric into the profile: day totals (exact across feeds and batches while the
 * bucket is within the recent horizon), busiest hours, and the recent buckets that let rolling windows continue.
 * Commutative: the same buckets in any order give the same profile. `localHour` maps a bucket start to its
 * org-local hour.
 */
export function foldBuckets(p: Profile, name: string, buckets: readonly BucketDelta[], newest: number, localHour: (ms: number) => number): void {
  if (buckets.length === 0) return;
  const m = metricDays(p, name);
  const recent = (p.recent[name] ??= []);
  const horizon = Math.max(newest, p.lastSeen) - RECENT_MS;
  const touched = new Set<number>();
  for (const b of buckets) {
    const day = dayOf(b.start);
    const di = dayIndex(m, day);
    if (b.start <= horizon) {
      // Older than the horizon: its day total grows; the busiest hour can only be raised by this batch's part.
      m.v[di] = m.v[di]! + b.value;
      if (b.value > m.p[di]!) {
        m.p[di] = b.value;
        m.h[di] = localHour(b.start);
      }
      continue;
    }
    const r = findRecent(recent, b.start);
    const before = r === undefined ? 0 : r[1];
    const extra: RecentExtra = r?.[2] ? { ...r[2] } : {};
    let after: number;
    if (b.parts) {
      const parts: Record<string, number> = { ...(extra.p ?? (r ? { other: r[1] } : {})) };
      for (const [k, v] of Object.entries(b.parts)) parts[k] = (parts[k] ?? 0) + v;
      extra.p = parts;
      after = combineParts(parts);
    } else if (b.keys && (r === undefined || extra.k)) {
      const union = new Set(extra.k ?? []);
      for (const k of b.keys) union.add(keyDigest(k));
      if (union.size <= KEYS_KEPT) {
        extra.k = [...union].sort();
        after = union.size;
      } else {
        delete extra.k;
        after = before + b.value;
      }
    } else {
      delete extra.k;
      after = before + b.value;
    }
    if (b.ips?.length) extra.i = sortedUnion(extra.i, b.ips, IPS_KEPT);
    setRecent(recent, Object.keys(extra).length ? [b.start, after, extra] : [b.start, after]);
    m.v[di] = m.v[di]! + (after - before);
    touched.add(day);
  }
  for (const day of touched) {
    const di = dayIndex(m, day);
    const hours = new Map<number, number>();
    for (const [t, v] of recent) if (dayOf(t) === day) hours.set(t - (t % HOUR), (hours.get(t - (t % HOUR)) ?? 0) + v);
    for (const [h, v] of hours) {
      if (v > m.p[di]! || (v === m.p[di]! && localHour(h) < m.h[di]!)) {
        m.p[di] = v;
        m.h[di] = localHour(h);
      }
    }
  }
}

/** Drops recent buckets and metric days past their horizons (relative to the newest activity, not to arrival). */
export function pruneHistory(p: Profile): void {
  const horizon = p.lastSeen - RECENT_MS;
  const oldest = dayOf(p.lastSeen) - METRIC_DAYS_CAP;
  for (const [name, recent] of Object.entries(p.recent)) {
    const kept = recent.filter((r) => r[0] > horizon);
    if (kept.length) p.recent[name] = kept;
    else delete p.recent[name];
  }
  for (const m of Object.values(p.metrics)) {
    let cut = 0;
    while (cut < m.d.length && m.d[cut]! < oldest) cut++;
    if (cut > 0) {
      m.d.splice(0, cut);
      m.v.splice(0, cut);
      m.p.splice(0, cut);
      m.h.splice(0, cut);
    }
    if (m.a) m.a = m.a.filter((d) => d >= oldest);
  }
}

function findRecent(recent: readonly RecentBucket[], start: number): RecentBucket | undefined {
  const i = recentIndex(recent, start);
  return i < recent.length && recent[i]![0] === start ? recent[i] : undefined;
}

function setRecent(recent: RecentBucket[], entry: RecentBucket): void {
  const i = recentIndex(recent, entry[0]);
  if (i < recent.length && recent[i]![0] === entry[0]) recent[i] = entry;
  else recent.splice(i, 0, entry);
}

function recentIndex(recent: readonly RecentBucket[], start: number): number {
  let lo = 0;
  let hi = recent.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (recent[mid]![0] < start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* ---------- batch markers ---------- */

/** What a profile keeps to recognise a batch: a 72-bit digest of its id rather than the id (an S3 key of ~90 characters). */
export function batchMarker(batchId: string): string {
  return createHash('sha256').update(batchId).digest('base64url').slice(0, 12);
}

/** Whether the batch (by its marker, or its full id as older profiles hold) was folded in. */
export const hasBatch = (p: Profile, batchId: string, marker = batchMarker(batchId)): boolean =>
  p.batches.includes(marker) || p.batches.includes(batchId);

export function markBatch(p: Profile, marker: string): void {
  p.batches.push(marker);
  if (p.batches.length > BATCH_MARKERS) p.batches.shift();
}
