import type { BatchResult } from '../../lib/core/engine.ts';
import type { StateSnapshot } from '../../lib/core/state.ts';

/** A snapshot with a batch's state changes applied, as a state adapter would save them. */
export function applyChanges(s: StateSnapshot, r: Pick<BatchResult, 'changes'>): StateSnapshot {
  const next: StateSnapshot = { profiles: new Map(s.profiles), identities: new Map(s.identities), tenant: r.changes.tenant ?? s.tenant };
  for (const p of r.changes.profiles) next.profiles.set(p.key, p);
  for (const i of r.changes.identities) next.identities.set(i.key, i);
  return next;
}
