import { z } from 'zod';

/**
 * Slack checkpoint (api-contracts.md §4 "Slack"): positions only — which ids were written lives in the dedupe
 * buckets (lib/sources/dedupe), so the item stays a few hundred bytes at any volume.
 * - `watermark`: newest `date_create` (epoch s) delivered by a completed pass, never past that pass's start;
 * - `readThrough`: start (epoch ms) of the last completed pass: everything the API served then has been read;
 * - `pass`: an unfinished pass (budget ran out between pages): its fixed `oldest`, the page cursor to resume from,
 *   the newest date so far and when it started.
 * The ids older cursors kept (`seen`, `pass.ids`) are carried into the buckets by the first run after an upgrade.
 */
/** id → date_create (epoch s): what cursors before the dedupe buckets kept inline. */
const LegacyIds = z.record(z.string(), z.number().int()).optional();

export const SlackCursorSchema = z.object({
  watermark: z.number().int().nullable(),
  readThrough: z.number().optional(),
  pass: z
    .object({
      oldest: z.number().int(),
      page: z.string().min(1),
      maxDate: z.number().int().nullable(),
      startedAt: z.number().optional(),
      ids: LegacyIds,
    })
    .optional(),
  /** Read once from an older cursor, carried into the dedupe buckets by the first run, then gone. */
  seen: LegacyIds,
});
export type SlackCursor = z.infer<typeof SlackCursorSchema>;
