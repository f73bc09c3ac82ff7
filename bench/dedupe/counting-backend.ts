import { dynamoItemBytes } from '../../lib/adapters/checkpoints/dynamodb-item-bytes.ts';
import type { BucketHead, DedupeBackend, SegmentRef } from '../../lib/sources/dedupe/dedupe-backend.ts';
import { segmentKey } from '../../lib/sources/dedupe/dedupe-backend.ts';

/** DynamoDB request units as billed: strongly consistent reads per 4 KB, writes per 1 KB (max of old and new item). */
export interface Units {
  readUnits: number;
  writeUnits: number;
  itemsRead: number;
  itemsWritten: number;
}

const PK = 'checkpoint#slack#dd#';

/**
 * The DynamoDB dedupe backend's items (same keys and attributes as lib/adapters/dedupe/dynamodb-dedupe-backend.ts)
 * held in a Map, sized as DynamoDB counts them and billed as it would bill the requests. No network: the bench
 * measures what the store asks for, not a table's latency.
 */
export class CountingBackend implements DedupeBackend {
  readonly units: Units = { readUnits: 0, writeUnits: 0, itemsRead: 0, itemsWritten: 0 };
  readonly heads = new Map<string, { segs: Set<string>; rev: number; ttl: number }>();
  readonly segments = new Map<string, Uint8Array>();
  maxSegmentBytes = 0;
  maxHeadBytes = 0;

  #headBytes(bucket: string): number {
    const h = this.heads.get(bucket);
    return h ? dynamoItemBytes({ pk: `${PK}${bucket}`, segs: h.segs, rev: h.rev, ttl: h.ttl }) : 0;
  }

  #read(bytes: number): void {
    this.units.itemsRead++;
    this.units.readUnits += Math.max(1, Math.ceil(bytes / 4096));
  }

  #write(before: number, after: number): void {
    this.units.itemsWritten++;
    this.units.writeUnits += Math.max(1, Math.ceil(Math.max(before, after) / 1024));
  }

  async readHeads(buckets: readonly string[]): Promise<Map<string, BucketHead>> {
    const out = new Map<string, BucketHead>();
    for (const b of buckets) {
      const h = this.heads.get(b);
      this.#read(this.#headBytes(b));
      if (h) out.set(b, { segments: [...h.segs].sort(), rev: h.rev });
    }
    return out;
  }

  async readSegments(refs: readonly SegmentRef[]): Promise<Map<string, Uint8Array>> {
    const out = new Map<string, Uint8Array>();
    for (const r of refs) {
      const d = this.segments.get(segmentKey(r));
      this.#read(d ? d.byteLength + 60 : 0);
      if (d) out.set(segmentKey(r), d);
    }
    return out;
  }

  async writeSegment(ref: SegmentRef, digests: Uint8Array, expiresAtMs: number): Promise<void> {
    const bytes = dynamoItemBytes({ pk: `${PK}${ref.bucket}#${ref.segment}`, d: digests, ttl: Math.floor(expiresAtMs / 1000) });
    this.maxSegmentBytes = Math.max(this.maxSegmentBytes, bytes);
    this.#write(0, bytes);
    this.segments.set(segmentKey(ref), digests);
  }

  async addSegments(bucket: string, segments: readonly string[], expiresAtMs: number): Promise<void> {
    const before = this.#headBytes(bucket);
    const h = this.heads.get(bucket) ?? { segs: new Set<string>(), rev: 0, ttl: 0 };
    for (const s of segments) h.segs.add(s);
    h.rev++;
    h.ttl = Math.floor(expiresAtMs / 1000);
    this.heads.set(bucket, h);
    const after = this.#headBytes(bucket);
    this.maxHeadBytes = Math.max(this.maxHeadBytes, after);
    this.#write(before, after);
  }

  async replaceSegments(bucket: string, rev: number, segments: readonly string[], expiresAtMs: number): Promise<boolean> {
    const h = this.heads.get(bucket);
    const before = this.#headBytes(bucket);
    if ((h?.rev ?? 0) !== rev) return false;
    for (const old of h?.segs ?? []) this.segments.delete(`${bucket}/${old}`); // what TTL would do later
    this.heads.set(bucket, { segs: new Set(segments), rev: rev + 1, ttl: Math.floor(expiresAtMs / 1000) });
    this.#write(before, this.#headBytes(bucket));
    return true;
  }

  /** Bytes stored: what the table holds for the retention. */
  storedBytes(): number {
    let n = 0;
    for (const d of this.segments.values()) n += d.byteLength + 60;
    for (const b of this.heads.keys()) n += this.#headBytes(b);
    return n;
  }
}
