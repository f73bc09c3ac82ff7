import { z } from 'zod';

/**
 * Per content type: how far listings are complete (api-contracts.md §4, M365 step 3). Which blobs and record `Id`s
 * were written lives in the dedupe buckets (lib/sources/dedupe), so the item stays small whatever the volume.
 * Fields of older cursors (`blobs`, `records`) are ignored.
 */
export const M365StreamCursorSchema = z.object({
  /** Every blob with `contentCreated` before this was listed and written. Absent until a first window completes. */
  listedUntil: z.iso.datetime().optional(),
});
export type M365StreamCursorJson = z.infer<typeof M365StreamCursorSchema>;

export const M365CursorSchema = z.object({
  v: z.literal(1),
  streams: z.record(z.string(), M365StreamCursorSchema),
});
export type M365Cursor = z.infer<typeof M365CursorSchema>;

/** Dedupe namespace of finished blobs of one content type (keyed by contentId, dated by contentCreated). */
export const blobNs = (contentType: string): string => `blob:${contentType}`;
