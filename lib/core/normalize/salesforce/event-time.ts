import { parseIsoUtc, parseSfCompact } from '../timestamps.ts';

export type TimeResult = { ok: true; time: number } | { ok: false; reason: 'missing-time' | 'bad-timestamp'; detail: string };

/** `parseSfCompact` leaves calendar overflow to Date.UTC (month 13 → next year): accept only values that round-trip. */
function compactUtc(raw: string): number | undefined {
  const t = parseSfCompact(raw);
  if (t === undefined) return undefined;
  const iso = new Date(t).toISOString();
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '');
  return raw.trim().startsWith(digits) ? t : undefined;
}

/** ELF row time: `TIMESTAMP_DERIVED` (ISO) first, else the compact `TIMESTAMP` (`yyyyMMddHHmmss.SSS`, UTC). */
export function elfTime(derived: string | undefined, compact: string | undefined): TimeResult {
  if (derived === undefined && compact === undefined) return { ok: false, reason: 'missing-time', detail: 'no TIMESTAMP/TIMESTAMP_DERIVED' };
  const t = (derived !== undefined ? parseIsoUtc(derived) : undefined) ?? (compact !== undefined ? compactUtc(compact) : undefined);
  if (t === undefined) return { ok: false, reason: 'bad-timestamp', detail: `TIMESTAMP_DERIVED=${derived ?? ''} TIMESTAMP=${compact ?? ''}`.slice(0, 200) };
  return { ok: true, time: t };
}

/** RTEM/SOQL `EventDate`: ISO with `Z` or `+0000`. */
export function rtemTime(eventDate: string | undefined): TimeResult {
  if (eventDate === undefined) return { ok: false, reason: 'missing-time', detail: 'no EventDate' };
  const t = parseIsoUtc(eventDate);
  if (t === undefined) return { ok: false, reason: 'bad-timestamp', detail: `EventDate=${eventDate}`.slice(0, 200) };
  return { ok: true, time: t };
}
