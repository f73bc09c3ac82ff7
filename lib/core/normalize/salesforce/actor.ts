import type { ActorType, NormalizedEvent } from '../../event.ts';
import type { NormalizeContext } from '../types.ts';
import { capText } from '../vendor-text.ts';
import { sfId18 } from './sf-id.ts';

export type SfActor = NormalizedEvent['actor'];

/** Where a row names its user: raw (15-char) and derived (18-char) ids, a username if the row has one. */
export interface ActorSource {
  id?: string | undefined;
  idDerived?: string | undefined;
  username?: string | undefined;
  userType?: string | undefined;
  /** Forces the type (LoginAs: the impersonating admin). */
  type?: ActorType | undefined;
}

/** Salesforce `UserType` (`Standard`, `Guest`, `AutomatedProcess`, ELF `Standard(db=S,api=Standard)`) → actor type. */
export function sfActorType(userType: string | undefined): ActorType {
  const t = userType?.split('(')[0]?.trim().toLowerCase();
  if (t === 'guest') return 'guest';
  if (t === 'automatedprocess' || t === 'system') return 'system';
  return 'user';
}

/** The 18-char form of a user id (derived column preferred), else whatever id text the row has. */
export function userId18(src: Pick<ActorSource, 'id' | 'idDerived'>): string | undefined {
  return sfId18(src.idDerived) ?? sfId18(src.id) ?? src.idDerived ?? src.id;
}

/**
 * Resolves the actor and learns `id → username` into the context, so later rows of the user that carry only
 * `USER_ID` (most ELF types) still get the username as e-mail/name. Undefined when the row names nobody.
 */
export function resolveActor(ctx: NormalizeContext, src: ActorSource): SfActor | undefined {
  // Cut before they are learned: the map lives as long as the run, and a row may carry megabytes in a name.
  const rawId = userId18(src);
  const id = rawId === undefined ? undefined : capText(rawId);
  const username = src.username === undefined ? undefined : capText(src.username);
  if (id !== undefined && username !== undefined) ctx.sfUsernames.set(id, username);
  const known = username ?? (id !== undefined ? ctx.sfUsernames.get(id) : undefined);
  const actorId = id ?? known?.toLowerCase();
  if (actorId === undefined) return undefined;
  const actor: SfActor = { id: actorId, type: src.type ?? sfActorType(src.userType) };
  if (known !== undefined) {
    actor.name = known;
    // Salesforce usernames are e-mail shaped; sanitized exports may not be, and then only the name is kept.
    if (known.includes('@')) actor.email = known.toLowerCase();
  }
  return actor;
}

/** Name of a user known from earlier rows (LoginAs target). */
export function knownUsername(ctx: NormalizeContext, id: string | undefined): string | undefined {
  return id === undefined ? undefined : ctx.sfUsernames.get(id);
}
