import type { Action, App, NormalizedEvent } from '../../event.ts';
import type { NormalizeInput } from '../types.ts';
import type { M365Record } from './record-schema.ts';
import { cleanIp } from '../ip-address.ts';
import { definedOnly } from '../defined-only.ts';
import { sourceOf } from '../event-source.ts';

/** Everything an event carries before its family decides what happened. */
export type EventBase = Omit<NormalizedEvent, 'action' | 'vendorAction'> & { vendorAction: string };

type Outcome = NormalizedEvent['outcome'];

/** `ResultStatus` spellings seen: Succeeded/PartiallySucceeded/Failed, success/failed (Entra), True/False (Exchange admin). */
export function outcomeOf(status: string | undefined): Outcome {
  const s = status?.trim().toLowerCase();
  if (s === 'succeeded' || s === 'success' || s === 'partiallysucceeded' || s === 'true') return 'success';
  if (s === 'failed' || s === 'failure' || s === 'false') return 'failure';
  return 'unknown';
}

export function baseEvent(
  rec: M365Record,
  input: NormalizeInput,
  fields: { app: App; time: number; actor: NormalizedEvent['actor']; operation: string },
): EventBase {
  const base: EventBase = {
    id: input.id,
    source: 'm365',
    app: fields.app,
    time: fields.time,
    actor: fields.actor,
    vendorAction: fields.operation,
    outcome: outcomeOf(rec.ResultStatus),
    ref: input.ref,
  };
  const tenant = rec.OrganizationId?.trim();
  if (tenant) base.tenant = tenant;
  const ip = cleanIp(rec.ClientIP) ?? cleanIp(rec.ClientIPAddress) ?? cleanIp(rec.ActorIpAddress) ?? cleanIp(rec.ActorIP);
  const ua = rec.UserAgent?.trim() || rec.ClientInfoString?.trim();
  const src = sourceOf(ip, ua || undefined);
  if (src) base.src = src;
  const session = rec.AppAccessContext?.AADSessionId?.trim() || rec.SessionId?.trim();
  if (session) base.session = session;
  return base;
}

/** The extra facts a family adds to the base; `undefined` entries (also inside object/external/details) are dropped. */
export type EventExtra = Partial<Pick<NormalizedEvent, 'object' | 'entities' | 'count' | 'external' | 'details'>>;

/**
 * The event: required fields first, then each optional one that is present, so events carry no `undefined` keys
 * (they serialize and compare cleanly). Built field by field: spreading base and extra, then copying the result
 * without its undefined keys, was the hot spot of the M365 normalizer.
 */
export function finishEvent(base: EventBase, action: Action, extra: EventExtra = {}): NormalizedEvent {
  const event: NormalizedEvent = {
    id: base.id,
    source: base.source,
    app: base.app,
    time: base.time,
    actor: base.actor,
    action,
    vendorAction: base.vendorAction,
    outcome: base.outcome,
    ref: base.ref,
  };
  if (base.tenant !== undefined) event.tenant = base.tenant;
  const object = definedOnly(extra.object);
  if (object) event.object = object;
  if (extra.entities !== undefined) event.entities = extra.entities;
  if (extra.count !== undefined) event.count = extra.count;
  if (base.src !== undefined) event.src = base.src;
  if (base.session !== undefined) event.session = base.session;
  const external = definedOnly(extra.external);
  if (external) event.external = external;
  const details = definedOnly(extra.details);
  if (details) event.details = details;
  return event;
}
