/** Local calendar time in an IANA zone ↔ UTC instants, via Intl (no date library needed for whole-minute offsets). */

export interface LocalDate {
  y: number;
  m: number; // 1-12
  d: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Offset of the zone from UTC at an instant, in minutes (Europe/Berlin in winter: +60). */
export function offsetMinutes(utcMs: number, tz: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(utcMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0);
  return Math.round((asUtc - (utcMs - (utcMs % 60_000))) / 60_000);
}

/** The local calendar date at an instant. */
export function localDateAt(utcMs: number, tz: string): LocalDate {
  const shifted = new Date(utcMs + offsetMinutes(utcMs, tz) * 60_000);
  return { y: shifted.getUTCFullYear(), m: shifted.getUTCMonth() + 1, d: shifted.getUTCDate(), weekday: shifted.getUTCDay() };
}

/** UTC instant of a local wall-clock time (`minutes` after local midnight, may exceed 24 h). */
export function localToUtc(date: LocalDate, minutes: number, tz: string): number {
  const naive = Date.UTC(date.y, date.m - 1, date.d) + minutes * 60_000;
  // Two passes settle the offset around DST changes.
  let t = naive - offsetMinutes(naive, tz) * 60_000;
  t = naive - offsetMinutes(t, tz) * 60_000;
  return t;
}

/** Next local calendar date. */
export function nextDate(date: LocalDate): LocalDate {
  const t = new Date(Date.UTC(date.y, date.m - 1, date.d + 1));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate(), weekday: t.getUTCDay() };
}

export const isWeekday = (date: LocalDate): boolean => date.weekday >= 1 && date.weekday <= 5;

export const dateKey = (date: LocalDate): string =>
  `${date.y}-${String(date.m).padStart(2, '0')}-${String(date.d).padStart(2, '0')}`;
