import { z } from 'zod';

/** id → date_create (epoch s). */
const IdDates = z.record(z.string(), z.number().int());

/**
 * Slack checkpoint (api-contracts.md §4 "Slack"):
 * - `watermark`: newest `date_create` delivered by a completed pass (null before the first one);
 * - `seen`: ids with `date_create ≥ watermark − overlap`, to drop the re-read boundary (`oldest` is inclusive);
 * - `pass`: an unfinished pass (budget ran out between pages): its fixed `oldest`, the page cursor to resume from,
 *   the newest date so far and the ids it already delivered that can still be met again.
 */
export const SlackCursorSchema = z.object({
  watermark: z.number().int().nullable(),
  seen: IdDates,
  pass: z
    .object({
      oldest: z.number().int(),
      page: z.string().min(1),
      maxDate: z.number().int().nullable(),
      ids: IdDates,
    })
    .optional(),
});
export type SlackCursor = z.infer<typeof SlackCursorSchema>;

/** Keeps the entries of `ids` whose date passes `keep`. */
export function pickIds(ids: ReadonlyMap<string, number> | Record<string, number>, keep: (date: number) => boolean): Record<string, number> {
  const out: Record<string, number> = {};
  const entries = ids instanceof Map ? ids.entries() : Object.entries(ids);
  for (const [id, date] of entries) if (keep(date)) out[id] = date;
  return out;
}
