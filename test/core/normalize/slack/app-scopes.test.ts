import { describe, expect, it } from 'vitest';
import { appScopes, scopeList } from '../../../../lib/core/normalize/slack/app-scopes.ts';
import type { SlackEntry } from '../../../../lib/core/normalize/slack/entry-schema.ts';

const entry = (details: Record<string, unknown>, appScopesRaw?: unknown): SlackEntry =>
  ({ action: 'app_installed', details, ...(appScopesRaw !== undefined && { entity: { type: 'app', app: { id: 'A1', scopes: appScopesRaw } } }) }) as SlackEntry;

describe('scopeList', () => {
  it('reads arrays and comma/space separated strings', () => {
    expect(scopeList(['a:read', 7, ' b:write '])).toEqual(['a:read', 'b:write']);
    expect(scopeList('a:read, b:write c:history')).toEqual(['a:read', 'b:write', 'c:history']);
    expect(scopeList({})).toEqual([]);
  });
});

describe('appScopes', () => {
  it('installs: union of every scope list, without duplicates', () => {
    expect(appScopes(entry({ scopes: ['files:read'], bot_scopes: ['files:read', 'chat:write'] }, ['search:read']), false))
      .toEqual({ scopes: ['files:read', 'chat:write', 'search:read'] });
  });
  it('expansion: new scopes and new minus previous (old_scopes also accepted)', () => {
    expect(appScopes(entry({ new_scopes: ['a', 'b', 'c'], old_scopes: ['a'], previous_scopes: ['b'] }), true))
      .toEqual({ scopes: ['a', 'b', 'c'], addedScopes: ['c'] });
    expect(appScopes(entry({}), true)).toEqual({ scopes: [], addedScopes: [] });
  });
});
