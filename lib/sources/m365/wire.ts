import { z } from 'zod';

/** Wire shapes of the Office 365 Management Activity API (api-contracts.md §2.2–2.5), validated at the boundary. */

export const SubscriptionSchema = z.looseObject({
  contentType: z.string(),
  status: z.string(),
});
export const SubscriptionListSchema = z.array(SubscriptionSchema);

export const ContentRefSchema = z.looseObject({
  contentType: z.string(),
  contentId: z.string().min(1),
  contentUri: z.string().min(1),
  contentCreated: z.string(),
  contentExpiration: z.string().optional(),
});
export type ContentRef = z.infer<typeof ContentRefSchema>;
export const ContentListSchema = z.array(ContentRefSchema);

export const TokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  // v1 returns numbers as strings
  expires_in: z.union([z.number(), z.string()]).optional(),
});
