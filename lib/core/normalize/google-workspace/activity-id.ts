/**
 * Record ids of Reports API activities (DESIGN.md §3 "stable id"), shared by the collector and replay.
 *
 * One activity can carry several events (an admin changing three settings at once, a login with its challenge): the
 * collector writes one record per (activity, event), so an id names a single action and a re-served activity is
 * recognised event by event. The id is `application:id.time:id.uniqueQualifier:eventName`; the application is part
 * of it because `uniqueQualifier` is only documented as unique among activities of the same time, and the dedupe
 * buckets are shared by every application of the source. A second event of the same name in one activity gets `~2`,
 * `~3`… in the order Google lists them.
 */
export function gwEventId(application: string, time: string, uniqueQualifier: string, eventName: string, nth = 1): string {
  const base = `${application}:${time}:${uniqueQualifier}:${eventName}`;
  return nth > 1 ? `${base}~${nth}` : base;
}

/** Id of a whole activity (replay of API pages whose activity still holds several events). */
export function gwActivityId(application: string, time: string, uniqueQualifier: string): string {
  return `${application}:${time}:${uniqueQualifier}`;
}

/** `uniqueQualifier` is an int64: Google sends it as a string, some re-exports as a number. */
export function qualifierText(v: unknown): string | undefined {
  if (typeof v === 'string' && v.length > 0) return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** The events of an activity: the API's array, or the single object SIEM re-exports (one event per document) keep. */
export function eventList(events: unknown): unknown[] {
  if (Array.isArray(events)) return events;
  return events !== null && typeof events === 'object' ? [events] : [];
}

/** Event names with their repeat number within the activity (for `gwEventId`). */
export function numberedNames(events: readonly unknown[]): { name: string | undefined; nth: number }[] {
  const seen = new Map<string, number>();
  return events.map((e) => {
    const name = e !== null && typeof e === 'object' && typeof (e as { name?: unknown }).name === 'string' ? (e as { name: string }).name : undefined;
    if (name === undefined || name === '') return { name: undefined, nth: 0 };
    const nth = (seen.get(name) ?? 0) + 1;
    seen.set(name, nth);
    return { name, nth };
  });
}
