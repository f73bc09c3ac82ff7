import { z } from 'zod';
import { compiled } from '../compiled-schema.ts';
import { flatReader, optionalObject } from '../flat-reader.ts';
import { anyValue, lenientArray, lenientBoolean, lenientPlainObject, lenientText, requiredText } from '../leaf-schemas.ts';

/**
 * Slack Audit Logs API entry (api-contracts.md §3.4), validated only as far as the normalizer reads it.
 * Slack adds fields: unknown keys are accepted and left out of the parsed entry (zod's default strip), so parsing
 * does not copy what nobody reads. Only `entity` keeps them, as the object an action is about is `entity[entity.type]`
 * whatever the type. Optional leaf fields fall back to undefined on a wrong type rather than rejecting the entry:
 * a strange `name` must not cost us the event, while a missing action/actor/time still does.
 */
const optText = lenientText;

/** Any plain object, accepted as is (not copied): `details` keys vary by action and each reader checks what it reads. */

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
  user: optionalObject(SlackUserSchema),
  // Undocumented but plausible for app/bot actors (api-contracts.md §6 item 1): read if present.
  app: optionalObject(SlackRefSchema),
  bot: optionalObject(SlackRefSchema),
});

export const SlackChannelSchema = SlackRefSchema.extend({
  privacy: optText,
  is_shared: lenientBoolean,
  is_org_shared: lenientBoolean,
  // Team ids (strings) in practice; objects tolerated.
  teams_shared_with: lenientArray,
});
export type SlackChannel = z.infer<typeof SlackChannelSchema>;

export const SlackEntitySchema = z.looseObject({
  type: optText,
  user: optionalObject(SlackUserSchema),
  channel: optionalObject(SlackChannelSchema),
  file: optionalObject(SlackRefSchema),
  app: optionalObject(SlackRefSchema.extend({ scopes: anyValue })),
});
export type SlackEntity = z.infer<typeof SlackEntitySchema>;

export const SlackContextSchema = z.object({
  location: optionalObject(SlackRefSchema.extend({ type: optText })),
  ua: anyValue,
  ip_address: anyValue,
  session_id: anyValue,
  app: optionalObject(SlackRefSchema),
});
export type SlackContext = z.infer<typeof SlackContextSchema>;

const SlackEntryShape = z.object({
  id: anyValue,
  date_create: anyValue,
  action: requiredText,
  // A wrong-shaped actor is read as no actor: the normalizer then rejects with `missing-actor`.
  actor: optionalObject(SlackActorSchema),
  entity: optionalObject(SlackEntitySchema),
  context: optionalObject(SlackContextSchema),
  details: lenientPlainObject,
  acting_agent: anyValue,
});
export const SlackEntrySchema = compiled('Slack entry', SlackEntryShape);
export type SlackEntry = z.infer<typeof SlackEntrySchema>;
/** The entry read by hand, or undefined for one the schema must judge (see flat-reader.ts). */
export const readSlackEntry = flatReader(SlackEntryShape) as ((raw: Record<string, unknown>) => SlackEntry | undefined) | undefined;
