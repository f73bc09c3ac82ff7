import { EarliestTimes } from './earliest-times.ts';
import type { ActorType, NormalizedEvent, RawRef, Source } from './event.ts';
import { combineParts } from './profile.ts';
import { BUCKET_MS, bucketOf } from './time.ts';

/** Evidence kept per bucket: small, capped samples only. */
export interface Evidence {
  events: number;
  ids: string[];
  refs: RawRef[];
  ips: string[];
  objects: string[];
}

/**
 * The evidence samples of a bucket, kept flat on it: a batch holds ~100,000 buckets, most of one event, and an
 * Evidence object with four arrays each was a fifth of a batch's heap. Merged into an Evidence only when a window
 * that fires asks for it (same samples, same order).
 */
export interface BucketSamples {
  /** Events added. */
  n: number;
  /** Up to SAMPLE_CAP samples, flat: id, ref, id, ref… */
  s: readonly (string | RawRef)[];
  /** Distinct source IPs (up to SAMPLE_CAP): one as a string, more as an array. */
  ip: OneOrMore | undefined;
  /** Distinct objects (up to OBJECT_CAP), the same way. */
  ob: OneOrMore | undefined;
}

type OneOrMore = string | readonly string[];

export interface SeriesBucket extends BucketSamples {
  start: number;
  value: number;
  /** For distinct-count metrics: the distinct keys seen in this bucket (capped). */
  keys?: Set<string>;
  /** For metrics counted once across feeds: `family:feed` → value (the bucket's value combines them). */
  parts?: Record<string, number>;
}

/** Facts of one UTC day of one principal, folded into the profile after that day is evaluated. */
export interface DayFacts {
  events: number;
  /**
   * Flat pairs [org-local day, bit mask of the local hours active, …]: a UTC day spans one or two local days (a Map
   * per principal-day cost ten times the pair).
   */
  hours: number[];
  /** ACT_* flags seen this day (interactive use). */
  flags: number;
  /** set name → values seen this day, in order: a short list, a Set past SMALL_SEEN (most hold one or two a day). */
  seen: Map<string, SeenValues>;
}

export type SeenValues = readonly string[] | Set<string>;

/** A noteworthy single event a detector kept for evaluation (capped per detector). */
export interface PointEvent {
  event: NormalizedEvent;
  facts: Record<string, unknown>;
}

/** Samples (ids, refs, IPs) an Evidence keeps. */
export const SAMPLE_CAP = 5;
const OBJECT_CAP = 10;
const DISTINCT_CAP = 5_000;
const SEEN_PER_DAY_CAP = 500;
/** Values of a set a day keeps as a list (a Set's table is ~120 B even for one value; a batch holds ~150,000). */
const SMALL_SEEN = 8;
const POINT_CAP = 100;

export const newEvidence = (): Evidence => ({ events: 0, ids: NONE, refs: NONE, ips: NONE, objects: NONE });

/**
 * Evidence arrays start as one shared empty array and grow by copying to their exact length: a bucket keeps at most
 * a few samples, and `push` would give each of its four arrays a 17-slot backing store (most of a batch's heap).
 * Never mutated in place, so sharing NONE is safe.
 */
const NONE: never[] = [];
const appended = <T>(xs: T[], x: T): T[] => (xs.length === 0 ? [x] : [...xs, x]);

export function addEvidence(ev: Evidence, e: NormalizedEvent, object?: string): void {
  ev.events++;
  if (ev.ids.length < SAMPLE_CAP) {
    ev.ids = appended(ev.ids, e.id);
    ev.refs = appended(ev.refs, e.ref);
  }
  const ip = e.src?.ip;
  if (ip && ev.ips.length < SAMPLE_CAP && !ev.ips.includes(ip)) ev.ips = appended(ev.ips, ip);
  if (object && ev.objects.length < OBJECT_CAP && !ev.objects.includes(object)) ev.objects = appended(ev.objects, object);
}

/** Adds one event to a bucket's samples (as addEvidence does to an Evidence). */
function addSample(b: BucketSamples, e: NormalizedEvent, object?: string): void {
  b.n++;
  if (b.s.length < 2 * SAMPLE_CAP) b.s = b.s.length === 0 ? [e.id, e.ref] : [...b.s, e.id, e.ref];
  const ip = e.src?.ip;
  if (ip) b.ip = withDistinct(b.ip, ip, SAMPLE_CAP);
  if (object) b.ob = withDistinct(b.ob, object, OBJECT_CAP);
}

/** `xs` with `x` added unless there or `cap` (≥ 2) reached. */
function withDistinct(xs: OneOrMore | undefined, x: string, cap: number): OneOrMore {
  if (xs === undefined) return x;
  if (typeof xs === 'string') return xs === x ? xs : [xs, x];
  return xs.length >= cap || xs.includes(x) ? xs : [...xs, x];
}

/** A bucket's IPs (or objects) as a list. */
export const listOf = (xs: OneOrMore | undefined): readonly string[] => (xs === undefined ? NONE : typeof xs === 'string' ? [xs] : xs);

/** Adds a bucket's samples to an Evidence: ids and refs up to SAMPLE_CAP, distinct IPs and objects up to their caps. */
export function mergeSamples(into: Evidence, from: Partial<BucketSamples>): void {
  into.events += from.n ?? 0;
  const s = from.s ?? NONE;
  for (let i = 0; i + 1 < s.length && into.ids.length < SAMPLE_CAP; i += 2) {
    into.ids = appended(into.ids, s[i] as string);
    into.refs = appended(into.refs, s[i + 1] as RawRef);
  }
  for (const ip of listOf(from.ip)) if (into.ips.length < SAMPLE_CAP && !into.ips.includes(ip)) into.ips = appended(into.ips, ip);
  for (const o of listOf(from.ob)) if (into.objects.length < OBJECT_CAP && !into.objects.includes(o)) into.objects = appended(into.objects, o);
}

/**
 * Everything one batch contributes for one principal: bucketed metric series, per-day facts and kept point events.
 * Memory grows with the principal's distinct buckets, days and values — never with raw event count.
 */
export class PrincipalBatch {
  events = 0;
  minTime = Number.POSITIVE_INFINITY;
  maxTime = Number.NEGATIVE_INFINITY;
  name: string | undefined;
  email: string | undefined;
  readonly series = new Map<string, Map<number, SeriesBucket>>();
  readonly days = new Map<number, DayFacts>();
  readonly points = new Map<string, PointEvent[]>();

  constructor(
    readonly key: string,
    readonly source: Source,
    readonly actorId: string,
    readonly actorType: ActorType,
    readonly identity: string,
  ) {}

  day(day: number): DayFacts {
    let d = this.days.get(day);
    if (!d) {
      d = { events: 0, hours: NONE, flags: 0, seen: new Map() };
      this.days.set(day, d);
    }
    return d;
  }

  see(day: DayFacts, set: string, value: string): void {
    const values = day.seen.get(set);
    if (values === undefined) day.seen.set(set, [value]);
    else if (values instanceof Set) {
      if (values.size < SEEN_PER_DAY_CAP) values.add(value);
    } else if (!values.includes(value)) day.seen.set(set, values.length < SMALL_SEEN ? [...values, value] : new Set([...values, value]));
  }

  /** Marks an org-local hour of a local day active on a UTC day. */
  activeHour(day: DayFacts, localDay: number, hour: number): void {
    const h = day.hours;
    for (let i = 0; i < h.length; i += 2) {
      if (h[i] === localDay) {
        h[i + 1]! |= 1 << hour;
        return;
      }
    }
    day.hours = [...h, localDay, 1 << hour];
  }

  private bucket(metric: string, time: number): SeriesBucket {
    let s = this.series.get(metric);
    if (!s) {
      s = new Map();
      this.series.set(metric, s);
    }
    const start = bucketOf(time);
    let b = s.get(start);
    if (!b) {
      b = { start, value: 0, n: 0, s: NONE, ip: undefined, ob: undefined };
      s.set(start, b);
    }
    return b;
  }

  /**
   * Adds `value` (rows, items…) to the metric's bucket at the event's time. With `part` (`family:feed`), the bucket
   * counts each family once across feeds: the same reads reported by two feeds (Salesforce ELF and RTEM) add up once.
   */
  addSum(metric: string, e: NormalizedEvent, value: number, object?: string, part?: string): void {
    const b = this.bucket(metric, e.time);
    if (part === undefined) b.value += value;
    else {
      b.parts ??= {};
      b.parts[part] = (b.parts[part] ?? 0) + value;
      b.value = combineParts(b.parts);
    }
    addSample(b, e, object);
  }

  /** Counts `key` once per bucket for a distinct-count metric (e.g. distinct files downloaded). */
  addDistinct(metric: string, e: NormalizedEvent, key: string, object?: string): void {
    const b = this.bucket(metric, e.time);
    b.keys ??= new Set();
    if (!b.keys.has(key) && b.keys.size < DISTINCT_CAP) {
      b.keys.add(key);
      b.value = b.keys.size;
    }
    addSample(b, e, object);
  }

  private readonly firstUses = new EarliestTimes();

  /** Records the earliest time a value (e.g. a client) was used in this batch. */
  noteFirstUse(set: string, value: string, time: number): void {
    this.firstUses.note(set, value, time);
  }

  firstUse(set: string): ReadonlyMap<string, number> {
    return this.firstUses.of(set);
  }

  private readonly pointIndex = new Map<string, PointEvent>();

  /**
   * Keeps one point per (detector, key, clock hour or UTC day) — the first event — and lets later ones only update its facts
   * (counts, rows): frequent actions must not keep every event alive.
   */
  addPointOnce(
    detector: string, key: string, e: NormalizedEvent, facts: Record<string, unknown>,
    merge?: (facts: Record<string, unknown>) => void, per: 'hour' | 'day' = 'hour',
  ): void {
    const span = per === 'hour' ? 3_600_000 : 86_400_000;
    const k = `${detector}|${key}|${e.time - (e.time % span)}`;
    const existing = this.pointIndex.get(k);
    if (existing) {
      merge?.(existing.facts);
      return;
    }
    const list = this.points.get(detector);
    if (list && list.length >= POINT_CAP) return;
    const point: PointEvent = { event: e, facts };
    this.pointIndex.set(k, point);
    if (list) list.push(point);
    else this.points.set(detector, [point]);
  }

  addPoint(detector: string, e: NormalizedEvent, facts: Record<string, unknown> = {}): void {
    let list = this.points.get(detector);
    if (!list) {
      list = [];
      this.points.set(detector, list);
    }
    if (list.length < POINT_CAP) list.push({ event: e, facts });
  }

  private readonly sorted = new Map<string, SeriesBucket[]>();

  /** Buckets of a metric that fall in [from, to), sorted by time. Call only once all events were added. */
  bucketsIn(metric: string, from: number, to: number): SeriesBucket[] {
    const all = this.sortedBuckets(metric);
    const lo = firstAtOrAfter(all, from);
    return all.slice(lo, firstAtOrAfter(all, to, lo));
  }

  /** Whether the metric has a bucket in [from, to) (without building the slice). */
  hasBuckets(metric: string, from: number, to: number): boolean {
    const all = this.sortedBuckets(metric);
    const i = firstAtOrAfter(all, from);
    return i < all.length && all[i]!.start < to;
  }

  /** The sum of the metric's bucket values in [from, to), a bucket's distinct keys counted as its value at least. */
  valueIn(metric: string, from: number, to: number): number {
    const all = this.sortedBuckets(metric);
    let sum = 0;
    for (let i = firstAtOrAfter(all, from); i < all.length && all[i]!.start < to; i++) {
      const b = all[i]!;
      sum += Math.max(b.value, b.keys?.size ?? 0);
    }
    return sum;
  }

  private sortedBuckets(metric: string): SeriesBucket[] {
    let all = this.sorted.get(metric);
    if (!all) {
      const s = this.series.get(metric);
      all = s ? [...s.values()].sort((a, b) => a.start - b.start) : [];
      this.sorted.set(metric, all);
    }
    return all;
  }
}

/** Index of the first bucket starting at or after `t` (binary search from `lo`). */
function firstAtOrAfter(all: readonly SeriesBucket[], t: number, lo = 0): number {
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (all[mid]!.start < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export { BUCKET_MS };
