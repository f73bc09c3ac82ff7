import type { Alert } from './alert.ts';
import type { SignalKind } from './detectors/types.ts';

type Reason = Alert['escalation']['reasons'][number];
type Deescalation = NonNullable<Alert['escalation']['deescalation']>[number];

/** Evidence of misuse that escalates alone (detections.md "Correlation, triage and escalation"). */
const ALONE: ReadonlySet<Reason> = new Set<Reason>(['honeytoken', 'lookalike-partner', 'unusual-bulk-export', 'exfiltration-chain']);

/** Facts independent of the volume itself: each corroborates a large export; two corroborate any other signal. */
export const INDEPENDENT: ReadonlySet<Reason> = new Set<Reason>([
  'external-unknown-ip', 'off-hours', 'new-client', 'corroborating-compromise', 'data-leaving', 'open-investigation',
]);

/**
 * Tier 2 needs evidence of misuse beyond novelty:
 * - a high-confidence misuse signal alone (a decoy read, a lookalike first seen in the tenant, a workspace or mailbox
 *   export by someone who does not do that, a CRM export followed by the same person sending data out: exfil-chain.ts);
 * - signs of a compromise of the account (failed logins, a vendor session anomaly, a new app) or an identity-provider
 *   fact (an MFA reset, a new device, an admin role granted: `idp-anomaly`) followed by any other signal;
 * - a large volume with at least one independent fact;
 * - any other signal with at least two independent facts.
 * No history is never a reason. A service account within its habits, or usual hours on a trusted network at a volume
 * within the person's P95, stays at Tier 1 unless misuse is evident alone.
 */
export function decideTier(reasons: readonly Reason[], deescalation: readonly Deescalation[], kind: SignalKind): 1 | 2 {
  if (reasons.some((r) => ALONE.has(r))) return 2;
  if (deescalation.length > 0) return 1;
  if (reasons.includes('corroborating-compromise') && kind !== 'compromise') return 2;
  // An identity-provider fact (idp-signals.ts) is a sign the account changed hands; it is only given to other kinds.
  if (reasons.includes('idp-anomaly')) return 2;
  const facts = reasons.filter((r) => INDEPENDENT.has(r)).length;
  if (reasons.includes('large-export') && facts >= 1) return 2;
  return facts >= 2 ? 2 : 1;
}
