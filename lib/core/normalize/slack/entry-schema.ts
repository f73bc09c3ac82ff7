import { z } from 'zod';
import { compiled } from '../compiled-schema.ts';

/**
 * Slack Audit Logs API entry (api-contracts.md §3.4), validated only as far as the normalizer reads it.
 * Slack adds fields: unknown keys are accepted and left out of the parsed entry (zod's default strip), so parsing
 * does not copy what nobody reads. Only `entity` keeps them, as the object an action is about is `entity[entity.type]`
 * whatever the type. Optional leaf fields fall back to undefined on a wrong type rather than rejecting the entry:
 * a strange `name` must not cost us the event, while a missing action/actor/time still does.
 */
const optText = z.string().optional().catch(undefined);

/** Any plain object, accepted as is (not copied): `details` keys vary by action and each reader checks what it reads. */
const DetailsSchema = z.custom<Record<string, unknown>>((v) => z.core.util.isPlainObject(v));

export const SlackUserSchema = z.object({
  id: optText,
  name: optText,
  email: optText,
  team: optText,
  // Read as the display name when a user is the object of an action and has no name (see object-ref.ts).
  title: optText,
});
export type SlackUser = z.infer<typeof SlackUserSchema>;

/** Any `{id, name}` reference: apps, bots, workspaces, teams, channels, files, usergroups… */
export const SlackRefSchema = z.object({
  id: optText,
  name: optText,
  title: optText,
  domain: optText,
});
export type SlackRef = z.infer<typeof SlackRefSchema>;

export const SlackActorSchema = z.object({
  type: optText,
  user: SlackUserSchema.optional().catch(undefined),
  // Undocumented but plausible for app/bot actors (api-contracts.md §6 item 1): read if present.
  app: SlackRefSchema.optional().catch(undefined),
  bot: SlackRefSchema.optional().catch(undefined),
});

export const SlackChannelSchema = SlackRefSchema.extend({
  privacy: optText,
  is_shared: z.boolean().optional().catch(undefined),
  is_org_shared: z.boolean().optional().catch(undefined),
  // Team ids (strings) in practice; objects tolerated.
  teams_shared_with: z.array(z.unknown()).optional().catch(undefined),
});
export type SlackChannel = z.infer<typeof SlackChannelSchema>;

export const SlackEntitySchema = z.looseObject({
  type: optText,
  user: SlackUserSchema.optional().catch(undefined),
  channel: SlackChannelSchema.optional().catch(undefined),
  file: SlackRefSchema.optional().catch(undefined),
  app: SlackRefSchema.extend({ scopes: z.unknown().optional() }).optional().catch(undefined),
});
export type SlackEntity = z.infer<typeof SlackEntitySchema>;

export const SlackContextSchema = z.object({
  location: SlackRefSchema.extend({ type: optText }).optional().catch(undefined),
  ua: z.unknown().optional(),
  ip_address: z.unknown().optional(),
  session_id: z.unknown().optional(),
  app: SlackRefSchema.optional().catch(undefined),
});
export type SlackContext = z.infer<typeof SlackContextSchema>;

export const SlackEntrySchema = compiled('Slack entry', z.object({
  id: z.unknown().optional(),
  date_create: z.unknown().optional(),
  action: z.string().min(1),
  // A wrong-shaped actor is read as no actor: the normalizer then rejects with `missing-actor`.
  actor: SlackActorSchema.optional().catch(undefined),
  entity: SlackEntitySchema.optional().catch(undefined),
  context: SlackContextSchema.optional().catch(undefined),
  details: DetailsSchema.optional().catch(undefined),
  acting_agent: z.unknown().optional(),
}));
export type SlackEntry = z.infer<typeof SlackEntrySchema>;
