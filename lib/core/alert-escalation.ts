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
    ...(e.chain || e.idp ? {
      evidence: {
        ...recorded.evidence,
        ...(e.chain ? { chain: e.chain } : {}),
        ...(e.idp ? { facts: { ...recorded.evidence.facts, idp: e.idp } } : {}),
      },
    } : {}),
    ...(e.chain ? { techniques: [...new Set([...(recorded.techniques ?? [recorded.technique]), 'T1213.004' as const])].sort() } : {}),
    update: Math.max(e.update, (recorded.update ?? 0) + 1),
  };
}
