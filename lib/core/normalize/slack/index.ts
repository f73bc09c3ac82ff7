import type { NormalizedEvent } from '../../event.ts';
import { parseEpochSeconds, parseIsoUtc } from '../timestamps.ts';
import type { NormalizeOutcome, Normalizer } from '../types.ts';
import { reject } from '../types.ts';
import { mapSlackAction } from './action-map.ts';
import { slackActor } from './actor.ts';
import { slackContextFields } from './context-fields.ts';
import { readSlackEntry, SlackEntrySchema } from './entry-schema.ts';
import { slackDetails } from './event-details.ts';
import { connectParty, guestParty } from './external-party.ts';
import { slackObject } from './object-ref.ts';

/**
 * `date_create`: epoch seconds, an integer or a numeric string. SIEM re-exports (Panther) turn it into
 * `YYYY-MM-DD HH:MM:SS` UTC, which is accepted too.
 */
function entryTime(raw: unknown): number | undefined {
  return parseEpochSeconds(raw) ?? parseIsoUtc(raw);
}

/** Short, never-throwing description of a bad value for a reject detail. */
const preview = (v: unknown): string =>
  typeof v === 'string' ? JSON.stringify(v.slice(0, 40)) : typeof v === 'number' ? String(v) : Array.isArray(v) ? 'an array' : `a ${typeof v}`;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Slack Audit Logs entry (stream `audit`, the only Slack stream) → one NormalizedEvent.
 * The event id is `input.id` as given: Slack promises one `id` per entry, yet public samples reuse one id for
 * many entries (grove's fixture: 19 entries, one id). Deduplication belongs to the collector/replay, not here,
 * so such entries yield events with equal ids.
 */
export const normalizeSlack: Normalizer = (input): NormalizeOutcome => {
  if (!isPlainObject(input.record)) return reject('not-a-slack-record', 'record is not an object');
  let entry = readSlackEntry?.(input.record);
  if (!entry) {
    const parsed = SlackEntrySchema.safeParse(input.record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.join('.') || 'record';
      return reject(input.record['action'] === undefined ? 'missing-action' : 'not-a-slack-record', `${where}: ${issue?.message ?? 'invalid'}`);
    }
    entry = parsed.data;
  }

  if (entry.date_create === undefined || entry.date_create === null || entry.date_create === '') {
    return reject('missing-time', 'date_create is absent');
  }
  const time = entryTime(entry.date_create);
  if (time === undefined) return reject('bad-timestamp', `date_create is ${preview(entry.date_create)}`);

  const actor = slackActor(entry);
  if (!actor) return reject('missing-actor', 'no actor.user.id, actor app/bot id or context.app.id');

  const mapping = mapSlackAction(entry.action);
  const ctx = slackContextFields(entry.context);
  const connect = mapping.family === 'connect' ? connectParty(entry) : undefined;
  const external = connect?.external ?? (mapping.guest ? guestParty(entry) : undefined);
  const object = slackObject(entry.entity, mapping.family);
  const details = slackDetails(entry, mapping, { serverSide: ctx.serverSide, externalOrgId: connect?.orgId });

  // Required fields first, then each optional one that is present: no `undefined` keys, no spread copies.
  const event: NormalizedEvent = {
    id: input.id,
    source: 'slack',
    app: 'slack',
    time,
    actor,
    action: mapping.action,
    vendorAction: entry.action,
    outcome: mapping.outcome ?? 'success',
    ref: input.ref,
  };
  if (ctx.tenant !== undefined) event.tenant = ctx.tenant;
  if (object !== undefined) event.object = object;
  if (ctx.src !== undefined) event.src = ctx.src;
  if (ctx.session !== undefined) event.session = ctx.session;
  if (external !== undefined) event.external = external;
  if (details !== undefined) event.details = details;
  return { ok: true, events: [event] };
};
