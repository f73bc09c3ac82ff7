import { newSeenList, noteSeen, prunedList, tenantSeenKey } from './profile.ts';
import type { TenantState } from './state.ts';
import { dayOf } from './time.ts';

/** Tenant-wide first-seen values kept (least recently seen shed first): ~9k domains reached 400 KB before. */
export const TENANT_SEEN_CAP = 2_000;
/** A value's last-seen day is refreshed at most weekly: the item is not rewritten by every batch that meets it. */
const REFRESH_DAYS = 7;

/** Was the value seen in the tenant on a day before `day`? */
export function tenantHasSeen(tenant: TenantState, set: string, value: string, day: number): boolean {
  const s = tenant.seen[set];
  if (!s || !Array.isArray(s.v)) return false;
  const i = s.v.indexOf(tenantSeenKey(value));
  return i >= 0 && s.f[i]! < day;
}

/**
 * Folds a batch's first times per value into a tenant set. Returns whether the item changed: only for values new to
 * the tenant, seen earlier than recorded, or last seen more than a week ago.
 */
export function foldTenantSeen(tenant: TenantState, set: string, firstTimes: ReadonlyMap<string, number>): boolean {
  const prev = tenant.seen[set];
  const list = prev && Array.isArray(prev.v) ? prev : newSeenList();
  const index = new Map(list.v.map((v, i) => [v, i]));
  const changed: Array<[string, number]> = [];
  let newest = 0;
  for (const [value, time] of firstTimes) {
    const day = dayOf(time);
    newest = Math.max(newest, day);
    const i = index.get(tenantSeenKey(value));
    if (i === undefined || day < list.f[i]! || day - list.t[i]! >= REFRESH_DAYS) changed.push([value, day]);
  }
  if (changed.length === 0) return false;
  // mergeSeen value by value, with the index built above: a batch of thousands of new domains was quadratic.
  for (const [value, day] of changed) {
    const v = tenantSeenKey(value);
    noteSeen(list, index.get(v) ?? -1, v, day, index);
  }
  // A loop, not Math.max(...list.t): a spread of that many arguments overflows the stack.
  let today = newest;
  for (const t of list.t) if (t > today) today = t;
  tenant.seen[set] = prunedList(list, today, TENANT_SEEN_CAP);
  return true;
}
