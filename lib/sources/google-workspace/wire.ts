import { z } from 'zod';

/** Wire shapes of the Reports API and Google's token endpoint, validated at the boundary. */

export const GoogleTokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.union([z.number(), z.string()]).optional(),
});

/** One `activities.list` page; each activity is checked on its own (one bad activity must not fail the page). */
export const ActivitiesPageSchema = z.looseObject({
  kind: z.string().optional(),
  items: z.array(z.unknown()).optional(),
  nextPageToken: z.string().optional(),
});
export type ActivitiesPage = z.infer<typeof ActivitiesPageSchema>;
