/**
 * Where dedupe buckets live (DynamoDB items in AWS, files locally; lib/adapters/dedupe). A bucket is a head listing
 * segment ids plus immutable segments of packed 64-bit digests. Every write is idempotent — segments are written
 * whole under ids chosen by the writer, heads gain ids by set union — so a write repeated after a crash changes
 * nothing. One collector run (the lease holder) writes a source's buckets.
 */
export interface BucketHead {
  segments: string[];
  /** Bumped by every change: a compaction replaces the list only if no one added to it meanwhile. */
  rev: number;
}

export interface SegmentRef {
  bucket: string;
  segment: string;
}

export interface DedupeBackend {
  /** Heads of these buckets (strongly consistent); absent buckets are missing from the map. */
  readHeads(buckets: readonly string[]): Promise<Map<string, BucketHead>>;
  /** Segment contents keyed `${bucket}/${segment}`. */
  readSegments(refs: readonly SegmentRef[]): Promise<Map<string, Uint8Array>>;
  writeSegment(ref: SegmentRef, digests: Uint8Array, expiresAtMs: number): Promise<void>;
  addSegments(bucket: string, segments: readonly string[], expiresAtMs: number): Promise<void>;
  /** Replaces the list when the head is still at `rev`; false when it moved (the caller keeps the longer list). */
  replaceSegments(bucket: string, rev: number, segments: readonly string[], expiresAtMs: number): Promise<boolean>;
  /** Drops buckets past their expiry where the storage has no TTL of its own (files). */
  sweep?(nowMs: number): Promise<void>;
}

export const segmentKey = (r: SegmentRef): string => `${r.bucket}/${r.segment}`;
