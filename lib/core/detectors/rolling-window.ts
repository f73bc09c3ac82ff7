import { mergeEvidence, newEvidence, type Evidence, type SeriesBucket } from '../principal-batch.ts';
import { BUCKET_MS } from '../time.ts';
import type { DayContext } from './types.ts';

export interface WindowValue {
  /** Bucket whose end closes the window. */
  bucket: SeriesBucket;
  start: number;
  end: number;
  value: number;
  evidence: Evidence;
  buckets: number[];
}

/**
 * Rolling sums (or distinct counts) over `windowMs` ending at each of the day's buckets of `metric`, continuing
 * windows from earlier batches through the profile's `recent` buckets (counts only: distinct keys of earlier batches
 * are not kept, so their counts are added as they were).
 */
export function* rollingWindows(ctx: DayContext, metric: string, windowMs: number): Generator<WindowValue> {
  const today = ctx.pb.bucketsIn(metric, ctx.dayStart, ctx.dayEnd);
  if (today.length === 0) return;
  const earlierBatch = ctx.pb.bucketsIn(metric, ctx.dayStart - windowMs, ctx.dayStart);
  const inBatch = [...earlierBatch, ...today];
  // Buckets from earlier batches that are not also in this batch (this batch's earlier days are in `inBatch`).
  const batchStarts = new Set(inBatch.map((b) => b.start));
  const recent = (ctx.profile.recent[metric] ?? []).filter(([t]) => !batchStarts.has(t));
  const distinct = inBatch.some((b) => b.keys);

  for (const b of today) {
    const from = b.start + BUCKET_MS - windowMs;
    const evidence = newEvidence();
    const buckets: number[] = [];
    let value = 0;
    let keys: Set<string> | undefined;
    let first = b.start;
    for (const x of inBatch) {
      if (x.start < from || x.start > b.start) continue;
      buckets.push(x.start);
      first = Math.min(first, x.start);
      mergeEvidence(evidence, x.ev);
      if (distinct && x.keys) {
        keys ??= new Set();
        for (const k of x.keys) keys.add(k);
      } else value += x.value;
    }
    for (const [t, v] of recent) {
      if (t < from || t > b.start) continue;
      value += v;
      first = Math.min(first, t);
    }
    if (keys) value += keys.size;
    yield { bucket: b, start: first, end: b.start + BUCKET_MS, value, evidence, buckets };
  }
}
