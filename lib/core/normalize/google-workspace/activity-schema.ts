import { z } from 'zod';
import { compiled } from '../compiled-schema.ts';

/**
 * Admin SDK Reports API `Activity` (activities.list `items[]`), validated only as far as the normalizer reads it.
 * Unknown keys are stripped; optional leaves fall back to undefined on a wrong type, so a strange `ipAddress` does not
 * cost the event while a missing time or event name still rejects it. `events` stays unparsed here: each event is
 * read by `readEvent` (parameters are many and varied, and only a few are ever looked at).
 */
const optText = z.string().optional().catch(undefined);
const optId = z.union([z.string(), z.number()]).optional().catch(undefined);

export const GwActivitySchema = compiled('Google Workspace activity', z.object({
  id: z.object({
    time: z.string().min(1),
    uniqueQualifier: optId,
    applicationName: z.string().min(1),
    customerId: optText,
  }),
  actor: z.object({
    email: optText,
    profileId: optId,
    callerType: optText,
    key: optText,
    applicationInfo: z.object({
      applicationName: optText,
      oauthClientId: optText,
      impersonation: z.boolean().optional().catch(undefined),
    }).optional().catch(undefined),
  }).optional().catch(undefined),
  ipAddress: optText,
  ownerDomain: optText,
  events: z.unknown(),
}));
export type GwActivity = z.infer<typeof GwActivitySchema>;
