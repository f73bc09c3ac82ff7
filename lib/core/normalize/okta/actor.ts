import type { ActorType, NormalizedEvent } from '../../event.ts';
import type { OktaLogEvent } from './log-event-schema.ts';
import { readTarget } from './log-event-schema.ts';

const TYPES: Record<string, ActorType> = { User: 'user', SystemPrincipal: 'system', PublicClientApp: 'app', AppInstance: 'app' };

const mail = (s: string | null | undefined): string | undefined => (s && s.includes('@') ? s.toLowerCase() : undefined);

/**
 * The actor. `alternateId` is the sign-in name, an e-mail in almost every org: it is the person's identity, so Okta
 * events join their CRM, Slack and M365 activity (event.ts identityKey).
 */
export function oktaActor(e: OktaLogEvent): NormalizedEvent['actor'] | undefined {
  const a = e.actor;
  const id = a?.id?.trim();
  if (!a || !id) return undefined;
  const actor: NormalizedEvent['actor'] = { id, type: TYPES[a.type ?? ''] ?? 'user' };
  const email = mail(a.alternateId);
  if (email) actor.email = email;
  const name = a.displayName?.trim();
  if (name && name !== 'unknown') actor.name = name;
  return actor;
}

/**
 * Whose account the event is about: the first `User` target (an admin resets another person's factors or grants them a
 * role), else the actor. An e-mail when Okta gives one.
 */
export function oktaSubject(e: OktaLogEvent): { id?: string; email?: string } | undefined {
  for (const raw of e.target ?? []) {
    const t = readTarget(raw);
    if (t?.type !== 'User') continue;
    const out: { id?: string; email?: string } = {};
    if (t.id) out.id = t.id;
    const email = mail(t.alternateId);
    if (email) out.email = email;
    return out;
  }
  return undefined;
}
