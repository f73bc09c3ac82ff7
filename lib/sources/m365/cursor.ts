import { z } from 'zod';
import { RecentIds, RecentIdsSchema } from '../dedupe/recent-ids.ts';

/** Per content type: what was listed and which blobs/records were written (api-contracts.md §4, M365 step 3). */
export const M365StreamCursorSchema = z.object({
  /** Every blob with `contentCreated` before this was listed and written. Absent until a first window completes. */
  listedUntil: z.iso.datetime().optional(),
  /** contentId → contentCreated (ms) of blobs already written, for those the overlap lists again. */
  blobs: z.record(z.string(), z.number()),
  /** Record Ids already written, dated by their blob's contentCreated (M365 duplicates records across blobs by design). */
  records: RecentIdsSchema,
});
export type M365StreamCursorJson = z.infer<typeof M365StreamCursorSchema>;

export const M365CursorSchema = z.object({
  v: z.literal(1),
  streams: z.record(z.string(), M365StreamCursorSchema),
});
export type M365Cursor = z.infer<typeof M365CursorSchema>;

/** Mutable working state of one content type during a run; `snapshot()` is what gets checkpointed. */
export class StreamProgress {
  listedUntil: Date | undefined;
  readonly blobs: Map<string, number>;
  readonly records: RecentIds;

  constructor(json: M365StreamCursorJson | undefined, private readonly overlapMs: number, private readonly maxIds: number) {
    this.listedUntil = json?.listedUntil ? new Date(json.listedUntil) : undefined;
    this.blobs = new Map(Object.entries(json?.blobs ?? {}));
    this.records = RecentIds.from(json?.records);
  }

  blobDone(contentId: string): boolean {
    return this.blobs.has(contentId);
  }

  markBlob(contentId: string, createdMs: number): void {
    this.blobs.set(contentId, createdMs);
  }

  /** Drops what the next listing can no longer return (older than listedUntil − overlap). */
  prune(): void {
    if (!this.listedUntil) {
      this.records.prune(Number.NEGATIVE_INFINITY, this.maxIds);
      return;
    }
    const min = this.listedUntil.getTime() - this.overlapMs;
    for (const [id, at] of this.blobs) if (at < min) this.blobs.delete(id);
    this.records.prune(min, this.maxIds);
  }

  snapshot(): M365StreamCursorJson {
    this.prune();
    const out: M365StreamCursorJson = {
      blobs: Object.fromEntries([...this.blobs.entries()].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))),
      records: this.records.toJSON(),
    };
    if (this.listedUntil) out.listedUntil = this.listedUntil.toISOString();
    return out;
  }
}
