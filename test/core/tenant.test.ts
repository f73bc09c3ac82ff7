import { describe, expect, it } from 'vitest';
import { mergeSeen, newSeenList } from '../../lib/core/profile.ts';
import { emptyTenant } from '../../lib/core/state.ts';
import { foldTenantSeen, TENANT_SEEN_CAP, tenantHasSeen } from '../../lib/core/tenant.ts';
import { DAY } from '../../lib/core/time.ts';

const T0 = Date.UTC(2026, 10, 20);

describe('foldTenantSeen', () => {
  it('folds a batch of 200,000 new external domains at once (no scan per value, no spread of every day) and keeps the newest', () => {
    const tenant = emptyTenant();
    // Day by day over 10 days: the last day's domains are the most recently seen.
    const first = new Map(Array.from({ length: 200_000 }, (_, i) => [`partner-${i}.example.net`, T0 + Math.floor(i / 20_000) * DAY] as const));
    expect(foldTenantSeen(tenant, 'extDomain', first)).toBe(true);
    const list = tenant.seen['extDomain']!;
    expect(list.v.length).toBe(TENANT_SEEN_CAP);
    expect(Math.min(...list.t)).toBe(Math.floor(T0 / DAY) + 9);
    const lastDay = Array.from({ length: 20_000 }, (_, i) => `partner-${180_000 + i}.example.net`);
    expect(lastDay.filter((v) => tenantHasSeen(tenant, 'extDomain', v, Math.floor(T0 / DAY) + 10)).length).toBe(TENANT_SEEN_CAP);
    expect(tenantHasSeen(tenant, 'extDomain', 'partner-0.example.net', Math.floor(T0 / DAY) + 10)).toBe(false);
  }, 20_000);

  it('widens the days of values already known, as mergeSeen does', () => {
    const tenant = emptyTenant();
    const d = Math.floor(T0 / DAY);
    foldTenantSeen(tenant, 'extDomain', new Map([['a.example.net', T0 + 5 * DAY], ['b.example.net', T0 + 5 * DAY]]));
    // a: earlier than recorded; b: seen again 8 days later (past the weekly refresh); c: new.
    foldTenantSeen(tenant, 'extDomain', new Map([['a.example.net', T0 + 2 * DAY], ['b.example.net', T0 + 13 * DAY], ['c.example.net', T0]]));
    const expected = newSeenList();
    mergeSeen(expected, ['a.example.net', 'b.example.net'], (v) => v, d + 5);
    mergeSeen(expected, ['a.example.net'], (v) => v, d + 2);
    mergeSeen(expected, ['b.example.net'], (v) => v, d + 13);
    mergeSeen(expected, ['c.example.net'], (v) => v, d);
    expect(tenant.seen['extDomain']).toEqual(expected);
  });
});

describe('mergeSeen', () => {
  it('keeps one entry per key with its first and last day when a list grows from empty past its scan length in one call', () => {
    const list = newSeenList();
    const values = Array.from({ length: 50_000 }, (_, i) => `v${i % 25_000}`);
    mergeSeen(list, values, (v) => v, 3);
    mergeSeen(list, ['v1', 'new'], (v) => v, 1);
    expect(list.v.length).toBe(25_001);
    expect(new Set(list.v).size).toBe(25_001);
    expect([list.f[1], list.t[1]]).toEqual([1, 3]);
    expect(list.v.at(-1)).toBe('new');
  }, 20_000);
});
