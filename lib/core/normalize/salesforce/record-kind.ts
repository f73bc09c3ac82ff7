/**
 * Which Salesforce family a record belongs to. The stream says it (`elf:<EventType>`, `rtem:<Object>`);
 * without a prefix the record's own fields decide (replay of vendor-native files).
 */
export type RecordKind =
  | { kind: 'elf'; record: Record<string, unknown>; eventType?: string | undefined }
  | { kind: 'rtem'; record: Record<string, unknown>; object?: string | undefined }
  | { kind: 'elf-listing' }
  | { kind: 'unknown' };

const has = (r: Record<string, unknown>, k: string): boolean => Object.hasOwn(r, k);

function attributesType(r: Record<string, unknown>): string | undefined {
  const a = r.attributes;
  if (a === null || typeof a !== 'object' || Array.isArray(a)) return undefined;
  const t = (a as Record<string, unknown>).type;
  return typeof t === 'string' && t.trim() !== '' ? t.trim() : undefined;
}

/** An EventLogFile SOQL row describes a log file (`LogFile`, `LogDate`), it is not an event itself. */
function isLogFileListing(r: Record<string, unknown>): boolean {
  return attributesType(r) === 'EventLogFile' || (typeof r.LogFile === 'string' && has(r, 'LogDate') && has(r, 'EventType'));
}

/**
 * SIEM exports (e.g. Microsoft Sentinel's SalesforceServiceCloud_CL) keep ELF rows but lower-case the headers.
 * Upper-casing them back gives the ELF row; nothing else about the row changes.
 */
function canonicalElf(r: Record<string, unknown>): Record<string, unknown> {
  if (has(r, 'EVENT_TYPE') || !has(r, 'event_type')) return r;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) out[k.toUpperCase()] = v;
  return out;
}

export function recordKind(record: Record<string, unknown>, stream: string): RecordKind {
  if (isLogFileListing(record)) return { kind: 'elf-listing' };
  const m = /^(elf|rtem):(.+)$/i.exec(stream.trim());
  const prefix = m?.[1]?.toLowerCase();
  if (prefix === 'elf') return { kind: 'elf', record: canonicalElf(record), eventType: m![2]!.trim() };
  if (prefix === 'rtem') return { kind: 'rtem', record, object: m![2]!.trim() };
  if (has(record, 'EVENT_TYPE') || has(record, 'event_type')) return { kind: 'elf', record: canonicalElf(record) };
  if (has(record, 'EventIdentifier') || has(record, 'EventDate')) return { kind: 'rtem', record, object: attributesType(record) };
  return { kind: 'unknown' };
}
