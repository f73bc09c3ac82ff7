import type { Action, App, NormalizedEvent } from '../../event.ts';
import type { NormalizeInput } from '../types.ts';
import type { M365Record } from './record-schema.ts';
import { cleanIp } from '../ip-address.ts';

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
  const ip = cleanIp(rec.ClientIP) ?? cleanIp(rec.ClientIPAddress) ?? cleanIp(rec.ActorIpAddress) ?? cleanIp(rec.ActorIP);
  const ua = (rec.UserAgent?.trim() || rec.ClientInfoString?.trim()) || undefined;
  const session = (rec.AppAccessContext?.AADSessionId?.trim() || rec.SessionId?.trim()) || undefined;
  return withoutUndefined({
    id: input.id,
    source: 'm365',
    app: fields.app,
    time: fields.time,
    tenant: rec.OrganizationId?.trim() || undefined,
    actor: fields.actor,
    vendorAction: fields.operation,
    src: ip || ua ? withoutUndefined({ ip, ua }) : undefined,
    session,
    outcome: outcomeOf(rec.ResultStatus),
    ref: input.ref,
  });
}

/** The extra facts a family adds to the base; `details` entries left undefined are dropped. */
export type EventExtra = Partial<Omit<NormalizedEvent, 'id' | 'source' | 'ref' | 'action'>>;

export function finishEvent(base: EventBase, action: Action, extra: EventExtra = {}): NormalizedEvent {
  const details = extra.details ? withoutUndefined(extra.details) : undefined;
  const object = extra.object ? withoutUndefined(extra.object) : undefined;
  const external = extra.external ? withoutUndefined(extra.external) : undefined;
  return withoutUndefined({
    ...base,
    ...extra,
    action,
    object: object && Object.keys(object).length > 0 ? object : undefined,
    external: external && Object.keys(external).length > 0 ? external : undefined,
    details: details && Object.keys(details).length > 0 ? details : undefined,
  });
}

/**
 * Keeps events free of `undefined` keys so they serialize and compare cleanly. A plain loop: `Object.fromEntries`
 * was the hot spot of the whole normalizer (it builds dictionary-mode objects).
 */
export function withoutUndefined<T extends object>(obj: T): T {
  const out: Record<string, unknown> = {};
  for (const key in obj) {
    const value = obj[key];
    if (value !== undefined) out[key] = value;
  }
  return out as T;
}
