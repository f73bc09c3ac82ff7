import { combineParts, keyDigest } from '../profile.ts';
import { listOf, mergeSamples, newEvidence, SAMPLE_CAP, type BucketSamples, type Evidence, type SeriesBucket } from '../principal-batch.ts';
import type { RecentBucket } from '../state.ts';
import { BUCKET_MS } from '../time.ts';
import type { DayContext } from './types.ts';

/** A bucket of this batch (with its samples), of an earlier one (the profile's `recent`: counts only), or both merged. */
interface Entry extends Partial<BucketSamples> {
  start: number;
  value: number;
  keys?: Set<string> | undefined;
  parts?: Record<string, number> | undefined;
  /** Source IPs of an earlier batch's bucket. */
  ips?: readonly string[] | undefined;
}

/**
 * A rolling window ending at one bucket of the judged day. Evidence is gathered only when a detector asks for it; the
 * window refers to its range of the shared entries rather than copying it (most windows are never asked).
 */
export class WindowValue {
  constructor(
    readonly endBucket: number,
    readonly start: number,
    readonly end: number,
    readonly value: number,
    private readonly entries: readonly Entry[],
    private readonly from: number,
    private readonly to: number,
  ) {}

  get evidence(): Evidence {
    const ev = newEvidence();
    for (let i = this.from; i < this.to; i++) mergeSamples(ev, this.entries[i]!);
    // Source IPs of earlier batches' buckets count for the window's triage as this batch's do.
    for (let i = this.from; i < this.to; i++) {
      const ips = this.entries[i]!.ips;
      if (ips) mergeSamples(ev, { ip: ips });
    }
    return ev;
  }

  /**
   * `evidence.ips` without building the rest of the evidence: what a day's signal asks of every window that fires
   * (most of them never become the signal). The same first SAMPLE_CAP distinct IPs, in the same order.
   */
  get ips(): readonly string[] {
    const out: string[] = [];
    for (let i = this.from; i < this.to && out.length < SAMPLE_CAP; i++) addDistinctIps(out, listOf(this.entries[i]!.ip));
    for (let i = this.from; i < this.to && out.length < SAMPLE_CAP; i++) {
      const ips = this.entries[i]!.ips;
      if (ips) addDistinctIps(out, ips);
    }
    return out;
  }
}

function addDistinctIps(out: string[], ips: readonly string[]): void {
  for (const ip of ips) if (out.length < SAMPLE_CAP && !out.includes(ip)) out.push(ip);
}

/**
 * Rolling sums (or distinct counts) over `windowMs` ending at every bucket of the judged day, this batch's and those
 * known from earlier batches (the profile's `recent`): the day is judged whole each time data of it arrives, so late
 * data completes windows judged before it came, and the day's strongest window is the same whatever the order the
 * batches came in. One pass with two pointers: O(buckets + keys).
 */
export function* rollingWindows(ctx: DayContext, metric: string, windowMs: number): Generator<WindowValue> {
  const inBatch = ctx.pb.bucketsIn(metric, ctx.dayStart - windowMs, ctx.dayEnd);
  if (inBatch.length === 0) return;
  const entries = withRecent(inBatch, ctx.profile.recent[metric], ctx.dayStart - windowMs, ctx.dayEnd, ctx.dayStart);

  let lo = 0;
  let hi = 0;
  let sum = 0; // values of entries without keys
  const counts = new Map<string, number>();
  for (let i = 0; i < entries.length; i++) {
    const b = entries[i]!;
    while (hi <= i) {
      const e = entries[hi++]!;
      if (e.keys) for (const k of e.keys) counts.set(k, (counts.get(k) ?? 0) + 1);
      else sum += e.value;
    }
    const from = b.start + BUCKET_MS - windowMs;
    while (lo < hi && entries[lo]!.start < from) {
      const e = entries[lo++]!;
      if (e.keys) {
        for (const k of e.keys) {
          const n = counts.get(k)! - 1;
          if (n === 0) counts.delete(k);
          else counts.set(k, n);
        }
      } else sum -= e.value;
    }
    if (b.start < ctx.dayStart) continue;
    yield new WindowValue(b.start, entries[lo]!.start, b.start + BUCKET_MS, sum + counts.size, entries, lo, hi);
  }
}

/**
 * At least every value rollingWindows yields for the judged day: each entry of the span (this batch's buckets and the
 * profile's recent ones) counted once at the most any window could take from it. A day whose bound stays under what
 * can fire is judged without building its windows (most principal-days of most metrics).
 */
export function windowsBound(ctx: DayContext, metric: string, windowMs: number): number {
  const from = ctx.dayStart - windowMs;
  let bound = ctx.pb.valueIn(metric, from, ctx.dayEnd);
  const recent = ctx.profile.recent[metric];
  if (recent) for (const r of recent) if (r[0] >= from && r[0] < ctx.dayEnd) bound += recentBound(r);
  return bound;
}

/**
 * The most a recent bucket adds to a window (withRecent): its value, its kept keys, or its feeds' parts summed (a sum
 * of feeds is at least what they combine to). Bounded below by 0 so that a negative stored value bounds nothing away;
 * NaN stays NaN, which no comparison skips on.
 */
function recentBound(r: RecentBucket): number {
  const extra = r[2];
  let parts = 0;
  if (extra?.p) for (const k in extra.p) parts += Math.max(0, extra.p[k]!);
  return Math.max(0, r[1], extra?.k?.length ?? 0, parts);
}

/**
 * This batch's buckets merged with the profile's recent buckets in [from, to), sorted by start. A bucket before
 * `folded` (the judged day's start) is of a day of this batch already judged and folded into `recent` in this run: the
 * recent bucket holds this batch's value already and is taken alone (adding the batch's would count it twice).
 */
function withRecent(inBatch: readonly SeriesBucket[], recent: readonly RecentBucket[] | undefined, from: number, to: number, folded: number): readonly Entry[] {
  const earlier = recent?.filter(([t]) => t >= from && t < to);
  // The usual case (a first batch of the day, or a principal quiet before it): the batch's own sorted buckets.
  if (!earlier?.length) return inBatch;
  const byStart = new Map<number, Entry>();
  // Distinct keys of earlier batches are kept as digests: this batch's keys are compared as digests too.
  const keyed = earlier.some((r) => r[2]?.k);
  for (const b of inBatch) byStart.set(b.start, keyed && b.keys ? { ...b, keys: new Set([...b.keys].map(keyDigest)) } : b);
  for (const r of earlier) {
    const b = byStart.get(r[0]);
    const extra = r[2];
    const keys = extra?.k;
    if (!b) {
      byStart.set(r[0], { start: r[0], value: r[1], keys: keys ? new Set(keys) : undefined, ips: extra?.i });
      continue;
    }
    // The same bucket from an earlier batch: counted together (feeds once, distinct keys once).
    const ips = extra?.i;
    if (b.keys && keys) {
      const union = new Set([...b.keys, ...keys]);
      byStart.set(r[0], { ...samplesOf(b), start: b.start, value: union.size, keys: union, ips });
      continue;
    }
    const value = r[0] < folded ? r[1] : b.parts && extra?.p ? combineParts(sumParts(b.parts, extra.p)) : b.value + r[1];
    byStart.set(r[0], { ...samplesOf(b), start: b.start, value, ips });
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

const samplesOf = (b: Entry): Partial<BucketSamples> => ({ n: b.n, s: b.s, ip: b.ip, ob: b.ob });

function sumParts(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = { ...b };
  for (const [k, v] of Object.entries(a)) out[k] = (out[k] ?? 0) + v;
  return out;
}
