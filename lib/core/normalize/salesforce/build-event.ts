import type { Action, NormalizedEvent, RawRef } from '../../event.ts';
import type { ActorSource, SfActor } from './actor.ts';
import { definedOnly } from '../defined-only.ts';
import { sourceOf } from '../event-source.ts';

type Outcome = NormalizedEvent['outcome'];

/** What a record family decides about one row: the action and its facts. */
export interface SfParts {
  action: Action;
  vendorAction: string;
  outcome?: Outcome | undefined;
  object?: NormalizedEvent['object'] | undefined;
  entities?: string[] | undefined;
  count?: number | undefined;
  external?: NormalizedEvent['external'] | undefined;
  details?: Record<string, unknown> | undefined;
  /** Overrides the row's own user (LoginAs: the impersonating admin is the actor). */
  actorSource?: ActorSource | undefined;
  ua?: string | undefined;
  ip?: string | undefined;
}

/** What every row gives regardless of family. */
export interface SfBase {
  id: string;
  ref: RawRef;
  time: number;
  tenant?: string | undefined;
  actor: SfActor;
  ip?: string | undefined;
  ua?: string | undefined;
  session?: string | undefined;
  outcome?: Outcome | undefined;
}

export function buildEvent(base: SfBase, parts: SfParts): NormalizedEvent {
  const ip = parts.ip ?? base.ip;
  const ua = parts.ua ?? base.ua;
  const event: NormalizedEvent = {
    id: base.id,
    source: 'salesforce',
    app: 'salesforce',
    time: base.time,
    actor: base.actor,
    action: parts.action,
    vendorAction: parts.vendorAction,
    outcome: parts.outcome ?? base.outcome ?? 'success',
    ref: base.ref,
  };
  if (base.tenant !== undefined) event.tenant = base.tenant;
  const object = definedOnly(parts.object);
  if (object) event.object = object;
  if (parts.entities?.length) event.entities = parts.entities;
  if (parts.count !== undefined) event.count = parts.count;
  const src = sourceOf(ip, ua);
  if (src) event.src = src;
  if (base.session !== undefined) event.session = base.session;
  const external = definedOnly(parts.external);
  if (external) event.external = external;
  const details = definedOnly(parts.details);
  if (details) event.details = details;
  return event;
}
