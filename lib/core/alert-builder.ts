import type { Alert, Severity } from './alert.ts';
import { alertId } from './alert-id.ts';
import type { Signal } from './detectors/types.ts';
import { PLAYBOOKS } from './playbooks.ts';
import { iso } from './time.ts';
import type { PrincipalTriage } from './triage.ts';
import { decideTier } from './triage.ts';

export interface IdentityFacts {
  recentAlerts: number;
  openInvestigation: boolean;
  compromise: string[];
}

/** Assemble the DESIGN.md §4 alert from a signal, the principal's triage and the identity's recent history. */
export function buildAlert(s: Signal, t: PrincipalTriage, idf: IdentityFacts, correlated?: string[]): Alert {
  const reasons = [...t.reasons];
  if (idf.compromise.length) reasons.push('corroborating-compromise');
  if (idf.openInvestigation) reasons.push('open-investigation');
  const tier = decideTier(reasons, t.deescalation);
  const score = Math.min(100, Math.round(s.weight + 4 * reasons.length + (t.offHours ? 3 : 0)));
  const pb = s.principal;
  const alert: Alert = {
    id: alertId(s.detector, pb.key, s.window.start),
    detector: s.detector,
    technique: s.technique,
    title: s.title,
    severity: severity(score, tier, s.large === true),
    score,
    principal: { source: pb.source, id: pb.actorId, ...(pb.email ?? pb.name ? { name: pb.email ?? pb.name } : {}) },
    window: { start: iso(s.window.start), end: iso(s.window.end) },
    triage: {
      offHours: t.offHours,
      sourceIp: t.sourceIp,
      unusualVolume: { value: s.value, baseline: s.baseline, z: s.z, percentile: s.percentile ?? null },
      recentAlerts: idf.recentAlerts,
      accessedBefore: t.accessedBefore,
      newResourceShare: t.newResourceShare,
    },
    escalation: { tier, reasons, ...(t.deescalation.length ? { deescalation: t.deescalation } : {}) },
    evidence: {
      events: s.evidence.events,
      sample: s.evidence.ids,
      objects: s.evidence.objects,
      ips: s.evidence.ips,
      refs: s.evidence.refs,
      facts: {
        ...s.facts,
        ...(idf.compromise.length ? { compromise: idf.compromise } : {}),
        ...(correlated ? { correlated } : {}),
      },
    },
    playbook: PLAYBOOKS[s.technique],
    rollup: s.rollup,
  };
  return alert;
}

function severity(score: number, tier: 1 | 2, large: boolean): Severity {
  if (tier === 2 && large) return 'critical';
  if (score >= 85 || tier === 2) return 'high';
  if (score >= 60) return 'medium';
  return 'low';
}
