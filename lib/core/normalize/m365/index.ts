import type { Normalizer } from '../types.ts';
import { reject } from '../types.ts';
import { parseIsoUtc } from '../timestamps.ts';
import { M365RecordSchema, readM365Record } from './record-schema.ts';
import { actorOf } from './actor.ts';
import { baseEvent } from './base-event.ts';
import { routeRecord } from './workload-route.ts';

/**
 * Microsoft 365 Management Activity records (api-contracts.md §2.7–2.10) → normalized events.
 * Routes by Workload/RecordType/Operation; the stream (content type) is informational only.
 */
export const normalizeM365: Normalizer = (input) => {
  // Envelopes guarantee an id; a caller that lost it would otherwise emit events that fail the event schema.
  if (!input.id) return reject('missing-id', 'empty event id');
  const raw: unknown = input.record;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return reject('not-an-m365-record', `expected an object, got ${Array.isArray(raw) ? 'array' : raw === null ? 'null' : typeof raw}`);
  }
  let rec = readM365Record?.(raw as Record<string, unknown>);
  if (!rec) {
    const parsed = M365RecordSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return reject('not-an-m365-record', issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid record');
    }
    rec = parsed.data;
  }

  if (rec.CreationTime === undefined || rec.CreationTime === null || rec.CreationTime === '') {
    return reject('missing-time', 'no CreationTime');
  }
  const time = parseIsoUtc(rec.CreationTime);
  if (time === undefined) return reject('bad-timestamp', `CreationTime ${describe(rec.CreationTime)}`);

  const actor = actorOf(rec);
  if (!actor) return reject('missing-actor', 'no UserId, UserUpn or UserKey');

  const operation = rec.Operation?.trim();
  if (!operation) return reject('missing-operation', `RecordType ${rec.RecordType ?? '?'} without Operation`);

  const { app, normalize } = routeRecord(rec, operation);
  return normalize(raw as Record<string, unknown>, baseEvent(rec, input, { app, time, actor, operation }));
};

/** A short, never-throwing description of a bad value for a reject detail. */
const describe = (v: unknown): string => (typeof v === 'string' ? `"${v.slice(0, 80)}"` : `of type ${typeof v}`);
