import type { NormalizedEvent } from '../../event.ts';
import { definedOnly } from '../defined-only.ts';
import { sourceOf } from '../event-source.ts';
import { cleanIp } from '../ip-address.ts';
import { parseIsoUtc } from '../timestamps.ts';
import type { NormalizeOutcome, Normalizer } from '../types.ts';
import { reject } from '../types.ts';
import { oktaAction } from './action-map.ts';
import { oktaActor, oktaSubject } from './actor.ts';
import { OktaLogEventSchema, readTarget } from './log-event-schema.ts';
import { riskBehaviors } from './risk-behaviors.ts';

const FAILED = new Set(['FAILURE', 'DENY']);
const SUCCEEDED = new Set(['SUCCESS', 'ALLOW']);

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Okta writes absent strings as JSON null, some exports as the text "null" or "unknown". */
const given = (s: string | null | undefined): string | undefined => {
  const t = s?.trim();
  return t && t !== 'null' && t !== 'unknown' ? t : undefined;
};

/**
 * Okta System Log LogEvent (stream `logs`) → one NormalizedEvent. The id is the envelope id (the event `uuid`), as
 * given: public samples reuse uuids, and deduplication is the collector's and replay's job, not the normalizer's.
 */
export const normalizeOkta: Normalizer = (input): NormalizeOutcome => {
  if (!isPlainObject(input.record)) return reject('not-an-okta-record', 'record is not an object');
  const parsed = OktaLogEventSchema.safeParse(input.record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return reject('not-an-okta-record', `${issue?.path.join('.') || 'record'}: ${issue?.message ?? 'invalid'}`);
  }
  const r = parsed.data;
  if (r.published === undefined || r.published === null || r.published === '') return reject('missing-time', 'published is absent');
  const time = parseIsoUtc(r.published);
  if (time === undefined) return reject('bad-timestamp', `published is ${JSON.stringify(String(r.published).slice(0, 40))}`);
  const actor = oktaActor(r);
  if (!actor) return reject('missing-actor', 'no actor.id');

  const result = r.outcome?.result?.toUpperCase();
  const failed = result !== undefined && FAILED.has(result);
  const action = oktaAction(r.eventType, failed);
  const signals = riskBehaviors(r.debugContext?.debugData);
  const geo = r.client?.geographicalContext;
  const asn = r.securityContext?.asNumber;
  const subject = action === 'mfa_change' || action === 'role_change' ? oktaSubject(r) : undefined;

  const event: NormalizedEvent = {
    id: input.id,
    source: 'okta',
    app: 'okta',
    time,
    actor,
    action,
    vendorAction: r.eventType,
    outcome: failed ? 'failure' : result !== undefined && SUCCEEDED.has(result) ? 'success' : 'unknown',
    ref: input.ref,
  };
  const src = sourceOf(cleanIp(given(r.client?.ipAddress)), given(r.client?.userAgent?.rawUserAgent));
  if (src) event.src = src;
  const session = given(r.authenticationContext?.externalSessionId);
  if (session) event.session = session;
  const target = (r.target ?? []).map(readTarget).find((t) => t?.id);
  if (target?.id) event.object = definedOnly({ type: given(target.type), id: target.id, name: given(target.alternateId) ?? given(target.displayName) });
  const details = definedOnly({
    ...signals,
    asn: asn === null || asn === undefined || asn === '' ? undefined : String(asn),
    asOrg: given(r.securityContext?.asOrg),
    country: given(geo?.country),
    city: given(geo?.city),
    // Whose factors or roles changed, when another person did it.
    subject: subject?.email ?? subject?.id,
    reason: failed ? given(r.outcome?.reason) : undefined,
  });
  if (details) event.details = details;
  return { ok: true, events: [event] };
};
