import type { IdentityState, StatePort } from '../core/state.ts';

/**
 * A StatePort that can read identity items alone. A batch loads profiles and the tenant first and identities only
 * after evaluation; the tenant item (the largest, read strongly consistent) need not be read a second time.
 */
export interface IdentityLoader {
  loadIdentities(keys: readonly string[]): Promise<Map<string, IdentityState>>;
}

export const canLoadIdentities = (state: StatePort): state is StatePort & IdentityLoader =>
  typeof (state as Partial<IdentityLoader>).loadIdentities === 'function';

/** The identities `keys` names, through `loadIdentities` when the port has it. */
export async function loadIdentities(state: StatePort, keys: readonly string[]): Promise<Map<string, IdentityState>> {
  if (keys.length === 0) return new Map();
  if (canLoadIdentities(state)) return state.loadIdentities(keys);
  return (await state.load({ principals: [], identities: [...keys] })).identities;
}
