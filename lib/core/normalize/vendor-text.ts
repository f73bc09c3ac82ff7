import type { NormalizedEvent } from '../event.ts';
import { shortHash } from '../short-hash.ts';

/**
 * Longest vendor string an event keeps, in UTF-16 code units. Vendors and API callers choose these strings (a
 * Salesforce `CLIENT_NAME` is whatever the caller sends); everything the core stores or alerts on is built from
 * them, so one bound here keeps profiles, alerts and messages within their size limits.
 */
export const MAX_VENDOR_TEXT = 256;

const CUT_MARK = '…#';

/**
 * `s` itself when it fits (the hot path: one length check); else its start, `…#` and a hash of the whole value, so
 * two long values that share a start stay distinct (ids, first-seen sets) and a reader sees that it was cut.
 */
export function capText(s: string): string {
  if (s.length <= MAX_VENDOR_TEXT) return s;
  const hash = shortHash(s);
  let keep = MAX_VENDOR_TEXT - CUT_MARK.length - hash.length;
  // Never split a surrogate pair: half a character is invalid UTF-16 and turns into U+FFFD on the way out.
  const last = s.charCodeAt(keep - 1);
  if (last >= 0xd800 && last <= 0xdbff) keep--;
  return `${s.slice(0, keep)}${CUT_MARK}${hash}`;
}

const OBJECT_FIELDS = ['type', 'id', 'name'] as const;
const EXTERNAL_FIELDS = ['org', 'domain', 'user', 'name'] as const;

/** The named optional string fields of `obj`, each cut when long (absent ones stay absent). */
function capFields<K extends string>(obj: Partial<Record<K, string>>, fields: readonly K[]): void {
  for (const k of fields) {
    const v = obj[k];
    if (v !== undefined && v.length > MAX_VENDOR_TEXT) obj[k] = capText(v);
  }
}

/** A list of strings with every long one cut; the list itself when none is (nothing copied). */
function capList(list: string[]): string[] {
  for (let i = 0; i < list.length; i++) if (list[i]!.length > MAX_VENDOR_TEXT) return list.map((v) => capText(v));
  return list;
}

/** Details values: strings and lists of strings are vendor text; numbers and flags are left as they are. */
function capDetails(details: Record<string, unknown>): void {
  for (const key in details) {
    const v = details[key];
    if (typeof v === 'string') {
      if (v.length > MAX_VENDOR_TEXT) details[key] = capText(v);
    } else if (Array.isArray(v) && v.some((x) => typeof x === 'string' && x.length > MAX_VENDOR_TEXT)) {
      details[key] = v.map((x: unknown) => (typeof x === 'string' ? capText(x) : x));
    }
  }
}

/**
 * Cuts every vendor string of a freshly normalized event to MAX_VENDOR_TEXT, in place: ids, names, e-mail, user
 * agent, client and the other details, object and external party, entities. Ids keep their hash suffix, so
 * distinct long ids remain distinct principals and objects.
 */
export function capEventText(e: NormalizedEvent): void {
  e.id = capText(e.id);
  e.vendorAction = capText(e.vendorAction);
  e.actor.id = capText(e.actor.id);
  if (e.actor.name !== undefined) e.actor.name = capText(e.actor.name);
  if (e.actor.email !== undefined) e.actor.email = capText(e.actor.email);
  if (e.tenant !== undefined) e.tenant = capText(e.tenant);
  if (e.session !== undefined) e.session = capText(e.session);
  if (e.object) capFields(e.object, OBJECT_FIELDS);
  if (e.entities) e.entities = capList(e.entities);
  if (e.src?.ua !== undefined) e.src.ua = capText(e.src.ua);
  if (e.external) capFields(e.external, EXTERNAL_FIELDS);
  if (e.details) capDetails(e.details);
}
