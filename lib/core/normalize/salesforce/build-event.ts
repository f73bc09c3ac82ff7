import type { Action, NormalizedEvent, RawRef } from '../../event.ts';
import type { ActorSource, SfActor } from './actor.ts';
import { compact } from './field-schemas.ts';

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
  const object = parts.object ? compact(parts.object) : undefined;
  const details = parts.details ? compact(parts.details) : undefined;
  const external = parts.external ? compact(parts.external) : undefined;
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
  if (object && Object.keys(object).length) event.object = object;
  if (parts.entities?.length) event.entities = parts.entities;
  if (parts.count !== undefined) event.count = parts.count;
  if (ip !== undefined || ua !== undefined) event.src = compact({ ip, ua });
  if (base.session !== undefined) event.session = base.session;
  if (external && Object.keys(external).length) event.external = external;
  if (details && Object.keys(details).length) event.details = details;
  return event;
}
