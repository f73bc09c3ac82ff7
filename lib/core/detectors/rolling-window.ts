import { mergeEvidence, newEvidence, type Evidence, type SeriesBucket } from '../principal-batch.ts';
import { BUCKET_MS } from '../time.ts';
import type { DayContext } from './types.ts';

/** A bucket of this batch, or of an earlier one from the profile's `recent` (counts only: no keys, no evidence). */
interface Entry {
  start: number;
  value: number;
  keys?: Set<string> | undefined;
  ev?: Evidence | undefined;
}

/**
 * A rolling window ending at one of the day's buckets. Evidence is gathered only when a detector asks for it; the
 * window refers to its range of the shared entries rather than copying it (most windows are never asked).
 */
export class WindowValue {
  constructor(
    readonly bucket: SeriesBucket,
    readonly start: number,
    readonly end: number,
    readonly value: number,
    private readonly entries: readonly Entry[],
    private readonly from: number,
    private readonly to: number,
  ) {}

  get evidence(): Evidence {
    const ev = newEvidence();
    for (let i = this.from; i < this.to; i++) {
      const b = this.entries[i]!.ev;
      if (b) mergeEvidence(ev, b);
    }
    return ev;
  }

  /** This batch's buckets inside the window (to hold out of the baseline). */
  get buckets(): number[] {
    const out: number[] = [];
    for (let i = this.from; i < this.to; i++) if (this.entries[i]!.ev) out.push(this.entries[i]!.start);
    return out;
  }
}

/**
 * Rolling sums (or distinct counts) over `windowMs` ending at each of the day's buckets of `metric`, continuing
 * windows from earlier batches through the profile's `recent` buckets (counts only: distinct keys of earlier batches
 * are not kept, so their counts are added as they were). One pass with two pointers: O(buckets + keys).
 */
export function* rollingWindows(ctx: DayContext, metric: string, windowMs: number): Generator<WindowValue> {
  const today = ctx.pb.bucketsIn(metric, ctx.dayStart, ctx.dayEnd);
  if (today.length === 0) return;
  const inBatch = ctx.pb.bucketsIn(metric, ctx.dayStart - windowMs, ctx.dayEnd);
  const entries = withRecent(inBatch, ctx.profile.recent[metric], ctx.dayStart - windowMs, ctx.dayEnd);

  let lo = 0;
  let hi = 0;
  let sum = 0; // values of entries without keys
  const counts = new Map<string, number>();
  for (const b of today) {
    const from = b.start + BUCKET_MS - windowMs;
    while (hi < entries.length && entries[hi]!.start <= b.start) {
      const e = entries[hi++]!;
      if (e.keys) for (const k of e.keys) counts.set(k, (counts.get(k) ?? 0) + 1);
      else sum += e.value;
    }
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
    yield new WindowValue(b, entries[lo]!.start, b.start + BUCKET_MS, sum + counts.size, entries, lo, hi);
  }
}

/** This batch's buckets (sorted) with the profile's recent buckets in [from, to) that the batch does not have, sorted. */
function withRecent(inBatch: SeriesBucket[], recent: [number, number][] | undefined, from: number, to: number): readonly Entry[] {
  const earlier = recent?.filter(([t]) => t >= from && t < to);
  // The usual case (a first batch of the day, or a principal quiet before it): the batch's own sorted buckets.
  if (!earlier?.length) return inBatch;
  const batchStarts = new Set(inBatch.map((b) => b.start));
  const entries: Entry[] = [...inBatch];
  for (const [t, v] of earlier) if (!batchStarts.has(t)) entries.push({ start: t, value: v, keys: undefined, ev: undefined });
  return entries.sort((a, b) => a.start - b.start);
}
