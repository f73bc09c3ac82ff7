import type { Envelope } from '../../core/envelope.ts';
import { DedupeStore } from '../dedupe/dedupe-store.ts';
import { RECORD_NS, type Digest } from '../dedupe/digest.ts';
import { DigestSet } from '../dedupe/digest-set.ts';
import type { BucketDigests } from '../dedupe/journal.ts';
import type { PullStep } from './collector.ts';
import { isOffContract } from './off-contract.ts';

/** Digests one journal may carry: 16,000 × 8 bytes is ~171 KB of base64, half the checkpoint item's budget. */
export const JOURNAL_MAX_DIGESTS = 16_000;

/** A slice of a step committed as one checkpoint: its new envelopes and the digests that record them. */
export interface StepPart {
  envelopes: Envelope[];
  digests: BucketDigests;
  /** The last part carries the step's cursor; earlier ones keep the previous cursor. */
  last: boolean;
}

export interface FilteredStep {
  parts: StepPart[];
  duplicates: number;
  offContract: number;
  late: number;
  /** Newest event time among the envelopes kept (never past `now`: a future-dated record cannot move it ahead). */
  newestMs: number | undefined;
}

/**
 * Drops the step's envelopes whose id the source already wrote (the store) or that repeat within the step, keeps the
 * marks not yet recorded, and splits what is left into parts whose digests fit one journal.
 */
export async function filterStep(
  store: DedupeStore,
  step: PullStep<unknown>,
  opts: { previousNewestMs: number | undefined; nowMs: number; maxDigests?: number },
): Promise<FilteredStep> {
  const max = opts.maxDigests ?? JOURNAL_MAX_DIGESTS;
  const times = step.eventTimes;
  const marks = (step.marks ?? []).map((m) => DedupeStore.locate(m));
  const records = times ? step.envelopes.map((e, i) => DedupeStore.locate({ ns: RECORD_NS, key: e.id, atMs: times[i] ?? Number.NaN })) : [];
  await store.load([...records, ...marks].map((l) => l.bucket));

  const local = new Map<string, DigestSet>();
  const fresh = (bucket: string, digest: Digest): boolean => {
    if (store.hasLocated(bucket, digest)) return false;
    let s = local.get(bucket);
    if (!s) local.set(bucket, (s = new DigestSet()));
    return s.add(digest);
  };

  const parts: StepPart[] = [];
  let part: StepPart = { envelopes: [], digests: new Map(), last: false };
  let inPart = 0;
  const add = (bucket: string, digest: Digest): void => {
    const list = part.digests.get(bucket);
    if (list) list.push(digest);
    else part.digests.set(bucket, [digest]);
    inPart++;
  };
  let duplicates = 0;
  let late = 0;
  let offContract = 0;
  let newestMs: number | undefined;
  if (!times) {
    part.envelopes = [...step.envelopes];
    offContract = step.envelopes.filter(isOffContract).length;
  }
  step.envelopes.forEach((e, i) => {
    if (!times) return;
    const { bucket, digest } = records[i]!;
    if (!fresh(bucket, digest)) {
      duplicates++;
      return;
    }
    if (inPart >= max) {
      parts.push(part);
      part = { envelopes: [], digests: new Map(), last: false };
      inPart = 0;
    }
    part.envelopes.push(e);
    if (isOffContract(e)) offContract++;
    add(bucket, digest);
    const t = times[i]!;
    if (Number.isFinite(t)) {
      if (opts.previousNewestMs !== undefined && t < opts.previousNewestMs) late++;
      const capped = Math.min(t, opts.nowMs);
      if (newestMs === undefined || capped > newestMs) newestMs = capped;
    }
  });
  // Marks come after every envelope of the step: a unit is recorded finished only once all it held is durable.
  for (const m of marks) {
    if (!fresh(m.bucket, m.digest)) continue;
    if (inPart >= max) {
      parts.push(part);
      part = { envelopes: [], digests: new Map(), last: false };
      inPart = 0;
    }
    add(m.bucket, m.digest);
  }
  part.last = true;
  parts.push(part);
  return { parts, duplicates, offContract, late, newestMs };
}
