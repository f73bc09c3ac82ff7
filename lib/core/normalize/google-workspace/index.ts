import type { ActorType, NormalizedEvent } from '../../event.ts';
import type { NormalizeOutcome, Normalizer } from '../types.ts';
import { reject } from '../types.ts';
import { adminEvent, exportEvent, loginEvent, tokenEvent } from './account-event.ts';
import { GwActivitySchema, type GwActivity } from './activity-schema.ts';
import { eventList } from './activity-id.ts';
import { chatEvent } from './chat-event.ts';
import { driveEvent } from './drive-event.ts';
import type { GwMapped, GwParty } from './mapped-event.ts';
import { domainOf, readEvent, type GwEvent } from './parameters.ts';

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function mapEvent(application: string, ev: GwEvent, party: GwParty): GwMapped {
  switch (application) {
    case 'drive':
      return driveEvent(ev, party);
    case 'chat':
      return chatEvent(ev, party);
    case 'login':
      return loginEvent(ev);
    case 'token':
      return tokenEvent(ev);
    case 'admin':
      return adminEvent(ev);
    case 'takeout':
    case 'vault':
      return exportEvent(application, ev);
    default:
      return { action: 'other', app: 'google-workspace' };
  }
}

function actorOf(a: GwActivity['actor']): NormalizedEvent['actor'] | undefined {
  const email = a?.email?.toLowerCase();
  const id = email ?? (a?.profileId !== undefined ? String(a.profileId) : undefined) ?? a?.key;
  if (!id) return undefined;
  const type: ActorType = a?.callerType === 'EXTERNAL_USER' ? 'guest'
    : email?.endsWith('.gserviceaccount.com') || a?.callerType === 'KEY' ? 'service'
      : 'user';
  return email ? { id, email, type } : { id, type };
}

/**
 * Admin SDK Reports API activity (stream = application name) → one NormalizedEvent per event. A collected record
 * holds one event (see activity-id.ts) and its event keeps the record id; an API page's activity with several events
 * yields ids `<id>#2`, `<id>#3`… after the first. An event without a name is rejected with the whole record: the
 * record is then not what the API documents.
 */
export const normalizeGoogleWorkspace: Normalizer = (input): NormalizeOutcome => {
  if (!isPlainObject(input.record)) return reject('not-a-google-workspace-record', 'record is not an object');
  const parsed = GwActivitySchema.safeParse(input.record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'record';
    return reject(where.startsWith('id.time') ? 'missing-time' : 'not-a-google-workspace-record', `${where}: ${issue?.message ?? 'invalid'}`);
  }
  const act = parsed.data;
  const time = Date.parse(act.id.time);
  if (!Number.isFinite(time) || !/^\d{4}-\d\d-\d\dT/.test(act.id.time)) return reject('bad-timestamp', `id.time is ${JSON.stringify(act.id.time.slice(0, 40))}`);
  const actor = actorOf(act.actor);
  if (!actor) return reject('missing-actor', 'no actor.email, actor.profileId or actor.key');
  const raw = eventList(act.events);
  if (raw.length === 0) return reject('missing-action', 'activity has no events');
  const application = act.id.applicationName;
  const party: GwParty = { actorDomain: domainOf(actor.email), ownerDomain: act.ownerDomain?.toLowerCase() };
  const events: NormalizedEvent[] = [];
  for (let i = 0; i < raw.length; i++) {
    const ev = readEvent(raw[i]);
    if (typeof ev === 'string') return reject('missing-action', `events[${i}]: ${ev}`);
    const m = mapEvent(application, ev, party);
    const event: NormalizedEvent = {
      id: i === 0 ? input.id : `${input.id}#${i + 1}`,
      source: 'google-workspace',
      app: m.app,
      time,
      actor,
      action: m.action,
      vendorAction: `${application}.${ev.name}`,
      outcome: m.outcome ?? 'success',
      ref: input.ref,
    };
    if (act.id.customerId !== undefined) event.tenant = act.id.customerId;
    if (m.object !== undefined) event.object = m.object;
    if (act.ipAddress !== undefined) event.src = { ip: act.ipAddress };
    if (m.external !== undefined) event.external = m.external;
    if (m.count !== undefined) event.count = m.count;
    if (m.details !== undefined) event.details = m.details;
    events.push(event);
  }
  return { ok: true, events };
};
