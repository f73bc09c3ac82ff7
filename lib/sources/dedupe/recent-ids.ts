import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * Record ids seen recently, kept in a collector cursor so the overlap re-read of the next run drops what was already
 * written. Ids are stored as 12-char base64url SHA-256 prefixes (72 bits: collisions are negligible at these sizes)
 * grouped by the time of the unit they came from, so the cursor stays small enough for a DynamoDB item.
 */
export const RecentIdsSchema = z.array(z.tuple([z.number().int(), z.string()]));
export type RecentIdsJson = z.infer<typeof RecentIdsSchema>;

const DIGEST_CHARS = 12;

export function idDigest(id: string): string {
  return createHash('sha256').update(id).digest('base64url').slice(0, DIGEST_CHARS);
}

export class RecentIds {
  private readonly groups = new Map<number, string[]>();
  private readonly digests = new Set<string>();

  static from(json: RecentIdsJson | undefined): RecentIds {
    const ids = new RecentIds();
    for (const [at, packed] of json ?? []) {
      for (let i = 0; i + DIGEST_CHARS <= packed.length; i += DIGEST_CHARS) ids.addDigest(packed.slice(i, i + DIGEST_CHARS), at);
    }
    return ids;
  }

  get size(): number {
    return this.digests.size;
  }

  has(id: string): boolean {
    return this.digests.has(idDigest(id));
  }

  /** Adds `id` seen in a unit dated `atMs`; returns false when it was already known (a duplicate). */
  add(id: string, atMs: number): boolean {
    return this.addDigest(idDigest(id), atMs);
  }

  private addDigest(digest: string, atMs: number): boolean {
    if (this.digests.has(digest)) return false;
    this.digests.add(digest);
    const group = this.groups.get(atMs);
    if (group) group.push(digest);
    else this.groups.set(atMs, [digest]);
    return true;
  }

  /** Forgets ids dated before `minAtMs`, then the oldest groups beyond `maxIds` (a bounded cursor beats a failed write). */
  prune(minAtMs: number, maxIds: number): void {
    const times = [...this.groups.keys()].sort((a, b) => a - b);
    for (const at of times) {
      if (at >= minAtMs && this.digests.size <= maxIds) break;
      for (const d of this.groups.get(at) ?? []) this.digests.delete(d);
      this.groups.delete(at);
    }
  }

  toJSON(): RecentIdsJson {
    return [...this.groups.entries()].sort((a, b) => a[0] - b[0]).map(([at, ds]) => [at, ds.join('')]);
  }

  clone(): RecentIds {
    return RecentIds.from(this.toJSON());
  }
}
