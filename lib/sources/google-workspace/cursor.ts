import { z } from 'zod';

/**
 * Google Workspace checkpoint: per application, positions only (which ids were written lives in the dedupe buckets).
 * - `through`: end (epoch ms) of the last completed pass: every activity the API listed up to then was read;
 * - `pass`: an unfinished pass (the run budget ran out between pages): its fixed window and the page token to resume.
 * A pass's window is `[through − lag, now]`, so activities that show up late are read by a later pass.
 */
export const GwAppCursorSchema = z.object({
  through: z.number().int().optional(),
  pass: z.object({ start: z.number().int(), end: z.number().int(), page: z.string().min(1) }).optional(),
});
export type GwAppCursor = z.infer<typeof GwAppCursorSchema>;

export const GoogleWorkspaceCursorSchema = z.object({
  v: z.literal(1),
  apps: z.record(z.string(), GwAppCursorSchema),
});
export type GoogleWorkspaceCursor = z.infer<typeof GoogleWorkspaceCursorSchema>;
