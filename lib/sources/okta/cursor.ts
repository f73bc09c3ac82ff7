import { z } from 'zod';

/**
 * Okta checkpoint: positions only (which uuids were written lives in the dedupe buckets, lib/sources/dedupe).
 * - `watermark`: `until` (epoch ms) of the last completed pass: everything published before it was served then;
 * - `readThrough`: the same instant, for the collection-lag figure;
 * - `pass`: an unfinished pass (the run budget ran out between pages): its fixed `since`/`until`, the `after` token
 *   of the next page, and when it started.
 */
export const OktaCursorSchema = z.object({
  watermark: z.number().int().nullable(),
  readThrough: z.number().optional(),
  pass: z.object({
    since: z.number().int(),
    until: z.number().int(),
    after: z.string().min(1),
  }).optional(),
});
export type OktaCursor = z.infer<typeof OktaCursorSchema>;
