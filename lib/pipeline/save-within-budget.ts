import type { StateChanges, StatePort } from '../core/state.ts';
import { ItemTooLargeError } from '../adapters/state/item-size.ts';
import type { OversizeItem } from '../adapters/state/item-size.ts';

/**
 * Saves the batch's state changes; an item the state refuses as over budget (ItemTooLargeError: nothing was written)
 * is left out and the rest saved, so one oversize profile or identity cannot fail every delivery of the batch
 * (and of every later batch touching that person). That item keeps its previous version: the batch is lost for
 * that one principal or identity only, which `onOversize` reports (log + `OversizeItems` metric in the Lambda).
 * Returns the items left out.
 */
export async function saveWithinBudget(
  state: StatePort,
  changes: StateChanges,
  onOversize?: (items: readonly OversizeItem[]) => void,
): Promise<OversizeItem[]> {
  try {
    await state.save(changes);
    return [];
  } catch (err) {
    if (!(err instanceof ItemTooLargeError)) throw err;
    const skip = (kind: OversizeItem['kind'], key: string): boolean => err.items.some((i) => i.kind === kind && i.key === key);
    onOversize?.(err.items);
    await state.save({
      profiles: changes.profiles.filter((p) => !skip('profile', p.key)),
      identities: changes.identities.filter((i) => !skip('identity', i.key)),
      tenant: changes.tenant && !skip('tenant', changes.tenant.key) ? changes.tenant : null,
    });
    return [...err.items];
  }
}
