import type { Alert } from './alert.ts';
import type { AlertEscalation } from './correlation.ts';

/**
 * The recorded alert republished at the tier a later fact raised it to: same id, `update` numbered, the new reasons,
 * severity at least high. Drivers apply it to the copy they recorded (the alert store, or a replay's alerts).
 */
export function applyEscalation(recorded: Alert, e: AlertEscalation): Alert {
  return {
    ...recorded,
    severity: recorded.severity === 'critical' ? 'critical' : 'high',
    escalation: { ...recorded.escalation, tier: e.tier, reasons: e.reasons },
    ...(e.idp ? { evidence: { ...recorded.evidence, facts: { ...recorded.evidence.facts, idp: e.idp } } } : {}),
    update: Math.max(e.update, (recorded.update ?? 0) + 1),
  };
}
