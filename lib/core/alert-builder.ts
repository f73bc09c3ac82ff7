import type { Alert, Severity, Technique } from './alert.ts';
import type { Signal } from './detectors/types.ts';
import { decideTier } from './escalation.ts';
import { PLAYBOOKS } from './playbooks.ts';
import { capList } from './text.ts';
import { iso } from './time.ts';
import type { PrincipalTriage } from './triage.ts';

export interface IdentityFacts {
  recentAlerts: number;
  /** Escalation facts about the person (compromise signs, data leaving, an open investigation). */
  reasons: PrincipalTriage['reasons'];
  compromise: string[];
  /** Identity-provider facts behind an `idp-anomaly` reason (idp-signals.ts). */
  idp?: string[];
}

/** Assemble the DESIGN.md §4 alert from a signal, the principal's triage and the identity's recent history. */
export function buildAlert(
  id: string, s: Signal, t: PrincipalTriage, idf: IdentityFacts,
  correlated?: { detectors: string[]; techniques: Technique[] }, related: string[] = [],
): Alert {
  const reasons = [...new Set([...t.reasons, ...idf.reasons])];
  const tier = decideTier(reasons, t.deescalation, s.kind);
  const score = Math.min(100, Math.round(s.weight + 4 * reasons.length));
  const pb = s.principal;
  const techniques = [...new Set([s.technique, ...(correlated?.techniques ?? [])])].sort();
  const alert: Alert = {
    id,
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
      history: t.history,
      ...(t.serviceAccount ? { serviceAccount: 'configured' as const } : t.serviceLike ? { serviceAccount: 'behaves-like-one' as const } : {}),
    },
    ...(s.baselineKind ? { baseline: s.baselineKind } : {}),
    techniques,
    related,
    escalation: { tier, reasons, ...(t.deescalation.length ? { deescalation: t.deescalation } : {}) },
    evidence: {
      events: s.evidence.events,
      sample: s.evidence.ids,
      objects: capList(s.evidence.objects),
      ips: s.evidence.ips,
      refs: s.evidence.refs,
      facts: {
        ...s.facts,
        ...(idf.compromise.length ? { compromise: idf.compromise } : {}),
        ...(idf.idp?.length ? { idp: idf.idp } : {}),
        ...(correlated ? { correlated: correlated.detectors } : {}),
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
