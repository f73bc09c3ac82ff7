import type { ActorType, NormalizedEvent } from '../../event.ts';
import type { M365Record } from './record-schema.ts';
import { decodeGuestUpn, isGuestUpn, looksLikeEmail } from './guest-upn.ts';

type Actor = NormalizedEvent['actor'];

/** Service identities M365 writes into `UserId` (api-contracts.md §2.7), lower-cased. */
const SYSTEM_IDS = new Set(['sharepoint\\system', 'app@sharepoint', 'nt authority\\system', 's-1-5-18', 'system']);

/** UserType enum (§2.7): 0 Regular, 1 Reserved, 2 Admin, 3 DCAdmin, 4 System, 5 Application, 6 ServicePrincipal,
 * 7 CustomPolicy, 8 SystemPolicy, 9 PartnerTechnician, 10 Guest. */
const USER_TYPES: Record<number, ActorType> = {
  0: 'user', 1: 'user', 2: 'admin', 3: 'admin', 4: 'system', 5: 'app', 6: 'app', 7: 'system', 8: 'system', 9: 'admin', 10: 'guest',
};

/**
 * Who acted: `UserId` (UPN) lower-cased, falling back to the Dynamics `UserUpn` and then the `UserKey` PUID.
 * Undefined when the record names nobody. Guests (`#EXT#` UPN) get their decoded home address as e-mail, so the
 * same person can be joined across sources.
 */
export function actorOf(rec: M365Record): Actor | undefined {
  const raw = rec.UserId?.trim() || rec.UserUpn?.trim() || rec.UserKey?.trim();
  if (!raw) return undefined;
  const id = raw.toLowerCase();
  const actor: Actor = { id, type: actorType(id, rec.UserType) };
  const email = isGuestUpn(id) ? decodeGuestUpn(id) : looksLikeEmail(id) ? id : undefined;
  if (email && actor.type !== 'system') actor.email = email;
  if (rec.LogonUserDisplayName?.trim()) actor.name = rec.LogonUserDisplayName.trim();
  return actor;
}

function actorType(id: string, userType: number | undefined): ActorType {
  // Exchange appends the process: `NT AUTHORITY\SYSTEM (Microsoft.Exchange.ServiceHost)`.
  if (SYSTEM_IDS.has(id) || id.startsWith('nt authority\\')) return 'system';
  // Anyone-with-the-link visitors appear as `urn:spo:anon#<hash>`: outsiders, like guests.
  if (isGuestUpn(id) || id.startsWith('urn:spo:anon')) return 'guest';
  return (userType !== undefined ? USER_TYPES[userType] : undefined) ?? 'user';
}
