import { bucketEndMs, bucketKey } from './bucket.ts';
import type { BucketHead, DedupeBackend } from './dedupe-backend.ts';
import { segmentKey } from './dedupe-backend.ts';
import { DIGEST_BYTES, digestOf, packDigests, unpackDigests, type Digest } from './digest.ts';
import { DigestSet } from './digest-set.ts';
import type { Journal } from './journal.ts';

export const DAY_MS = 86_400_000;
/** Past the 7 days any of the three vendors re-serves data (M365 blobs, overlaps, first-run lookbacks), plus a day. */
export const DEFAULT_RETENTION_MS = 8 * DAY_MS;
/** 40,000 digests = 320 KB of binary: a segment item stays under 350 KB. */
export const SEGMENT_MAX_DIGESTS = 40_000;

export interface DedupeStoreOptions {
  backend: DedupeBackend;
  now: () => number;
  /** How long a bucket is kept after its hour (or its last write, if later). */
  retentionMs?: number;
  /** Digests held in memory before the least recently used buckets are dropped (and read again when needed). */
  memoryDigests?: number;
  /** A bucket with more segments than this is rewritten as few full ones when next loaded and written. */
  compactAbove?: number;
  segmentMaxDigests?: number;
}

/**
 * What a lookup asks: `key` in namespace `ns`, dated `atMs` (the hour picks the bucket). A `digest` given instead
 * of the key is used as is (digests carried over from a cursor of an earlier version).
 */
export type DedupeKey = { ns: string; atMs: number } & ({ key: string } | { digest: Digest });

export interface DedupeStats {
  bucketsLoaded: number;
  segmentsRead: number;
  digestsRead: number;
  segmentsWritten: number;
  digestsWritten: number;
  compactions: number;
  /** Most digests held in memory at once, and the bytes of their tables. */
  peakDigests: number;
  peakBytes: number;
}

interface Loaded {
  set: DigestSet;
  head: BucketHead;
  used: number;
}

/**
 * Answers "did this source already write X?" from time-bucketed digest sets (see bucket.ts), loading each hour's
 * bucket once per run and keeping the most recently used ones in memory. Bounded by time, never by count: a bucket
 * holds whatever its hour produced, in as many segments as it takes.
 */
export class DedupeStore {
  readonly stats: DedupeStats = { bucketsLoaded: 0, segmentsRead: 0, digestsRead: 0, segmentsWritten: 0, digestsWritten: 0, compactions: 0, peakDigests: 0, peakBytes: 0 };
  readonly #o: Required<Omit<DedupeStoreOptions, 'backend' | 'now'>> & Pick<DedupeStoreOptions, 'backend' | 'now'>;
  readonly #loaded = new Map<string, Loaded>();
  #tick = 0;
  #held = 0;

  constructor(o: DedupeStoreOptions) {
    this.#o = {
      retentionMs: DEFAULT_RETENTION_MS,
      memoryDigests: 4_000_000,
      compactAbove: 32,
      segmentMaxDigests: SEGMENT_MAX_DIGESTS,
      ...o,
    };
  }

  static locate(k: DedupeKey): { bucket: string; digest: Digest } {
    return { bucket: bucketKey(k.ns, k.atMs), digest: 'digest' in k ? k.digest : digestOf(k.ns, k.key) };
  }

  /** Whether each key was already written (by a committed step of this or an earlier run). */
  async has(keys: readonly DedupeKey[]): Promise<boolean[]> {
    const located = keys.map((k) => DedupeStore.locate(k));
    await this.load(located.map((l) => l.bucket));
    return located.map((l) => this.#loaded.get(l.bucket)!.set.has(l.digest));
  }

  /** Whether a located digest is known; its bucket must have been loaded by `load`. */
  hasLocated(bucket: string, digest: Digest): boolean {
    const b = this.#loaded.get(bucket);
    if (!b) throw new Error(`dedupe bucket ${bucket} was not loaded`);
    b.used = ++this.#tick;
    return b.set.has(digest);
  }

  /** Reads the buckets not in memory yet, then drops least recently used ones beyond the memory budget. */
  async load(buckets: Iterable<string>): Promise<void> {
    const want = new Set(buckets);
    const missing = [...want].filter((b) => !this.#loaded.has(b));
    for (const b of want) {
      const l = this.#loaded.get(b);
      if (l) l.used = ++this.#tick;
    }
    if (missing.length === 0) return;
    const heads = await this.#o.backend.readHeads(missing);
    const refs = [...heads].flatMap(([bucket, h]) => h.segments.map((segment) => ({ bucket, segment })));
    const segments = refs.length > 0 ? await this.#o.backend.readSegments(refs) : new Map<string, Uint8Array>();
    for (const bucket of missing) {
      const head = heads.get(bucket) ?? { segments: [], rev: 0 };
      const parts = head.segments.map((segment) => segments.get(segmentKey({ bucket, segment })));
      const total = parts.reduce((n, p) => n + (p ? p.byteLength / DIGEST_BYTES : 0), 0);
      const set = new DigestSet(total);
      // A listed segment that is gone has expired (its TTL passed before the head's, which every write renews):
      // what it held is older than the retention, which no vendor re-serves.
      for (const p of parts) if (p) for (const d of unpackDigests(p)) set.add(d);
      this.#loaded.set(bucket, { set, head, used: ++this.#tick });
      this.#held += set.size;
      this.stats.bucketsLoaded++;
      this.stats.segmentsRead += head.segments.length;
      this.stats.digestsRead += set.size;
    }
    this.#notePeak();
    this.#evict(want);
  }

  /** Copies a committed journal into the buckets (idempotent), and into the buckets held in memory. */
  async flush(journal: Journal): Promise<void> {
    const now = this.#o.now();
    for (const [bucket, b64] of journal.buckets) {
      const bytes = Buffer.from(b64, 'base64');
      const expires = Math.max(bucketEndMs(bucket), now) + this.#o.retentionMs;
      const ref = { bucket, segment: journal.id };
      await this.#o.backend.writeSegment(ref, bytes, expires);
      await this.#o.backend.addSegments(bucket, [journal.id], expires);
      this.stats.segmentsWritten++;
      this.stats.digestsWritten += bytes.length / DIGEST_BYTES;
      const l = this.#loaded.get(bucket);
      if (!l) continue;
      for (const d of unpackDigests(bytes)) if (l.set.add(d)) this.#held++;
      if (!l.head.segments.includes(journal.id)) {
        l.head.segments.push(journal.id);
        l.head.rev++;
      }
      if (l.head.segments.length > this.#o.compactAbove) await this.#compact(bucket, l, journal.id, expires);
    }
    this.#notePeak();
  }

  /** Digests held in memory now. */
  get heldDigests(): number {
    return this.#held;
  }

  /** Rewrites a bucket's many small segments as few full ones (fewer reads for every later run). */
  async #compact(bucket: string, l: Loaded, id: string, expires: number): Promise<void> {
    const all = [...l.set];
    const ids: string[] = [];
    for (let i = 0; i * this.#o.segmentMaxDigests < all.length; i++) {
      const segment = `c.${id}.${i}`;
      await this.#o.backend.writeSegment({ bucket, segment }, packDigests(all.slice(i * this.#o.segmentMaxDigests, (i + 1) * this.#o.segmentMaxDigests)), expires);
      ids.push(segment);
    }
    if (await this.#o.backend.replaceSegments(bucket, l.head.rev, ids, expires)) {
      l.head = { segments: ids, rev: l.head.rev + 1 };
      this.stats.compactions++;
    }
  }

  #notePeak(): void {
    let bytes = 0;
    for (const l of this.#loaded.values()) bytes += l.set.bytes;
    this.stats.peakDigests = Math.max(this.stats.peakDigests, this.#held);
    this.stats.peakBytes = Math.max(this.stats.peakBytes, bytes);
  }

  #evict(keep: Set<string>): void {
    if (this.#held <= this.#o.memoryDigests) return;
    const order = [...this.#loaded].filter(([b]) => !keep.has(b)).sort((a, b) => a[1].used - b[1].used);
    for (const [b, l] of order) {
      if (this.#held <= this.#o.memoryDigests) break;
      this.#loaded.delete(b);
      this.#held -= l.set.size;
    }
  }
}
