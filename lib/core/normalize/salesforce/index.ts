import type { Normalizer } from '../types.ts';
import { reject } from '../types.ts';
import { recordKind } from './record-kind.ts';
import { normalizeElfRow } from './elf-row.ts';
import { normalizeRtemRecord } from './rtem-record.ts';

/**
 * Salesforce normalizer: EventLogFile CSV rows (`elf:<EventType>`) and Real-Time Event Monitoring rows
 * (`rtem:<Object>`); without a prefix the record's fields decide. One record → one event.
 */
export const normalizeSalesforce: Normalizer = (input, ctx) => {
  const record: unknown = input.record;
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    return reject('not-a-salesforce-record', `record is ${Array.isArray(record) ? 'an array' : typeof record}`);
  }
  const kind = recordKind(record as Record<string, unknown>, input.stream);
  switch (kind.kind) {
    case 'elf-listing': return reject('not-an-event', 'EventLogFile row: log file metadata, not an event');
    case 'elf': return normalizeElfRow(input, kind.record, kind.eventType, ctx);
    case 'rtem': return normalizeRtemRecord(input, kind.record, kind.object, ctx);
    case 'unknown': return reject('not-a-salesforce-record', 'neither an ELF row (EVENT_TYPE) nor an RTEM row (EventDate/EventIdentifier)');
  }
};

export { sfId18 } from './sf-id.ts';
