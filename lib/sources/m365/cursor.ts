import { z } from 'zod';
import { LegacyIdGroupsSchema } from '../dedupe/legacy-ids.ts';

/**
 * Per content type: how far listings are complete (api-contracts.md §4, M365 step 3). Which blobs and record `Id`s
 * were written lives in the dedupe buckets (lib/sources/dedupe), so the item stays small whatever the volume.
 * What older cursors kept inline (`blobs`, `records`) is carried into the buckets by the first run after an upgrade.
 */
export const M365StreamCursorSchema = z.object({
  /** Every blob with `contentCreated` before this was listed and written. Absent until a first window completes. */
  listedUntil: z.iso.datetime().optional(),
  /** Older cursors only: contentId → contentCreated (ms) of blobs written. Carried into the buckets, then gone. */
  blobs: z.record(z.string(), z.number()).optional(),
  /** Older cursors only: record Id digests grouped by their blob's contentCreated. Carried over, then gone. */
  records: LegacyIdGroupsSchema.optional(),
});
export type M365StreamCursorJson = z.infer<typeof M365StreamCursorSchema>;

export const M365CursorSchema = z.object({
  v: z.literal(1),
  streams: z.record(z.string(), M365StreamCursorSchema),
});
export type M365Cursor = z.infer<typeof M365CursorSchema>;

/** Dedupe namespace of finished blobs of one content type (keyed by contentId, dated by contentCreated). */
export const blobNs = (contentType: string): string => `blob:${contentType}`;
