import type { Envelope } from '../../core/envelope.ts';
import { eventList, gwEventId, numberedNames, qualifierText } from '../../core/normalize/google-workspace/activity-id.ts';
import { offContractEnvelope } from '../run/off-contract.ts';

/** One page's envelopes with the event time of each (NaN when it has none), for the runner's dedupe. */
export interface PageRecords {
  envelopes: Envelope[];
  eventTimes: number[];
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The records of one page: each activity is split into one record per event (the activity with `events: [event]`),
 * with id `application:time:uniqueQualifier:eventName` (activity-id.ts). An activity without a usable id, time or
 * events, or an event without a name, is written flagged off-contract (the detector rejects it with its reason).
 */
export function pageRecords(application: string, items: readonly unknown[], fetchedAt: string, into: PageRecords = { envelopes: [], eventTimes: [] }): PageRecords {
  const flagged = (raw: unknown, why: string, atMs = Number.NaN) => {
    into.envelopes.push(offContractEnvelope('google-workspace', application, fetchedAt, raw, `google-workspace activity ${why}`));
    into.eventTimes.push(atMs);
  };
  for (const raw of items) {
    if (!isObject(raw) || !isObject(raw['id'])) {
      flagged(raw, 'has no id');
      continue;
    }
    const id = raw['id'];
    const time = typeof id['time'] === 'string' ? id['time'] : undefined;
    const atMs = time === undefined ? Number.NaN : Date.parse(time);
    const uq = qualifierText(id['uniqueQualifier']);
    if (time === undefined || !Number.isFinite(atMs)) {
      flagged(raw, 'has no usable id.time');
      continue;
    }
    if (uq === undefined) {
      flagged(raw, 'has no id.uniqueQualifier', atMs);
      continue;
    }
    const events = eventList(raw['events']);
    if (events.length === 0) {
      flagged(raw, 'has no events', atMs);
      continue;
    }
    const names = numberedNames(events);
    events.forEach((event, i) => {
      const record = { ...raw, events: [event] };
      const n = names[i]!;
      if (n.name === undefined) {
        flagged(record, `events[${i}] has no name`, atMs);
        return;
      }
      into.envelopes.push({ v: 1, source: 'google-workspace', stream: application, id: gwEventId(application, time, uq, n.name, n.nth), fetchedAt, record });
      into.eventTimes.push(atMs);
    });
  }
  return into;
}
