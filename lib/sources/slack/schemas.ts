import { z } from 'zod';

/**
 * Slack Audit Logs `/audit/v1/logs` wire shapes (api-contracts.md §3.2, §3.4). Only what collection relies on is
 * checked (`id`, `date_create`), per entry: an entry without them is written flagged, never fails the page.
 */
export const SlackEntrySchema = z.looseObject({
  id: z.string().min(1),
  date_create: z.number().int().nonnegative(),
});
export type SlackEntry = z.infer<typeof SlackEntrySchema>;

export const SlackLogsResponseSchema = z.looseObject({
  ok: z.boolean().optional(),
  error: z.string().optional(),
  needed: z.string().optional(),
  entries: z.array(z.unknown()).optional(),
  response_metadata: z.looseObject({ next_cursor: z.string().optional() }).optional(),
});
export type SlackLogsResponse = z.infer<typeof SlackLogsResponseSchema>;

/** Largest page the API accepts. */
export const SLACK_MAX_LIMIT = 9999;
