import { z } from 'zod';
import type { NormalizedEvent } from '../../event.ts';
import type { SlackEntry } from './entry-schema.ts';
import { compiled } from '../compiled-schema.ts';

const EmailSchema = compiled('e-mail', z.email());

/** Lower-cased e-mail, or undefined when the value is not an address (Sentinel's `sanitized_email.com`). */
export function slackEmail(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const mail = raw.trim().toLowerCase();
  return EmailSchema.safeParse(mail).success ? mail : undefined;
}

/** Domain part of an e-mail address, lower-case. */
export function emailDomain(mail: string | undefined): string | undefined {
  const at = mail?.lastIndexOf('@') ?? -1;
  return mail && at > 0 ? mail.slice(at + 1).toLowerCase() : undefined;
}

const nonEmpty = (s: string | undefined): string | undefined => (s && s.trim() ? s.trim() : undefined);

/**
 * Who acted. `actor.user.id` is the identity; app/bot actors (a non-`user` actor type, or `context.app`)
 * are typed `app`. Returns undefined when the entry names nobody at all.
 */
export function slackActor(entry: SlackEntry): NormalizedEvent['actor'] | undefined {
  const { actor } = entry;
  const user = actor?.user;
  const contextApp = entry.context?.app;
  const id = nonEmpty(user?.id) ?? nonEmpty(actor?.app?.id) ?? nonEmpty(actor?.bot?.id) ?? nonEmpty(contextApp?.id);
  if (!id) return undefined;
  const isApp = contextApp !== undefined || (actor?.type !== undefined && actor.type !== 'user');
  const name = nonEmpty(user?.name) ?? nonEmpty(actor?.app?.name) ?? nonEmpty(actor?.bot?.name) ?? nonEmpty(contextApp?.name);
  const email = slackEmail(user?.email);
  const result: NormalizedEvent['actor'] = { id, type: isApp ? 'app' : 'user' };
  if (name !== undefined) result.name = name;
  if (email !== undefined) result.email = email;
  return result;
}
