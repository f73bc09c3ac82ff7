import { EarliestTimes } from './earliest-times.ts';
import type { NormalizedEvent } from './event.ts';
import { foldTenantSeen, tenantHasSeen } from './tenant.ts';
import type { TenantState } from './state.ts';
import { dayOf } from './time.ts';

/** A tenant set → value → earliest time in this batch, as plain entries (what a partition of the batch is given). */
export type TenantFirstEntries = [set: string, values: [value: string, time: number][]][];

/**
 * Tenant-wide values first met in a batch (external domains), across all of its principals: "new to the tenant"
 * is decided against the tenant item and the batch as a whole, whichever partition judges the principal.
 */
export class TenantFirstSeen {
  private readonly first = new EarliestTimes();

  observe(e: NormalizedEvent): void {
    const domain = e.external?.domain;
    if (domain) this.first.note('extDomain', domain, e.time);
  }

  /** Was the value seen in the tenant before `time`: on an earlier day in the item, or earlier in this batch? */
  seenBefore(tenant: TenantState | undefined, set: string, value: string, time: number): boolean {
    if (tenant && tenantHasSeen(tenant, set, value, dayOf(time))) return true;
    const first = this.first.of(set).get(value);
    return first !== undefined && first < time;
  }

  /** Folds the batch's values into the tenant item; whether it changed. */
  foldInto(tenant: TenantState): boolean {
    let changed = false;
    for (const [set, values] of this.first.sets()) changed = foldTenantSeen(tenant, set, values) || changed;
    return changed;
  }

  entries(): TenantFirstEntries {
    return [...this.first.sets()].map(([set, values]) => [set, [...values]]);
  }

  /** Adds another run's values (the whole batch's, given to a run judging one partition of it). */
  absorb(entries: TenantFirstEntries): void {
    for (const [set, values] of entries) for (const [value, time] of values) this.first.note(set, value, time);
  }
}
