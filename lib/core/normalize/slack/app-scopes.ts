import type { SlackEntry } from './entry-schema.ts';

/** A scope list as Slack may give it: an array of strings, or one comma/space separated string. */
export function scopeList(raw: unknown): string[] {
  const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[\s,]+/) : [];
  return items.filter((s): s is string => typeof s === 'string').map((s) => s.trim()).filter((s) => s.length > 0);
}

const union = (...lists: string[][]): string[] => [...new Set(lists.flat())];

export interface AppScopes {
  scopes: string[];
  addedScopes?: string[];
}

/**
 * Scopes of an app action. `app_scopes_expanded`: `scopes` = `new_scopes` and `addedScopes`
 * = new minus previous. Installs/approvals: every scope the entry names (details and `entity.app.scopes`).
 */
export function appScopes(entry: SlackEntry, expanded: boolean): AppScopes {
  const d = entry.details ?? {};
  if (expanded) {
    // Only `new_scopes` pairs with `previous_scopes`; `bot_scopes` has no previous list to diff against.
    const next = union(scopeList(d['new_scopes']));
    const previous = new Set(union(scopeList(d['previous_scopes']), scopeList(d['old_scopes'])));
    return { scopes: next, addedScopes: next.filter((s) => !previous.has(s)) };
  }
  return {
    scopes: union(
      scopeList(d['scopes']), scopeList(d['bot_scopes']), scopeList(d['scopes_bot']), scopeList(d['new_scopes']),
      scopeList(entry.entity?.app?.scopes),
    ),
  };
}
