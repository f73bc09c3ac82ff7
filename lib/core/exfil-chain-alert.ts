import type { Alert, ChainEvidence } from './alert.ts';
import { alertId } from './alert-id.ts';
import type { Config } from './config.ts';
import type { AlertEscalation } from './correlation.ts';
import type { Source } from './event.ts';
import { findChains, windowMsOf, type Chain } from './exfil-chain.ts';
import { NetworkList } from './ip-match.ts';
import { OrgClock } from './local-time.ts';
import { PLAYBOOKS } from './playbooks.ts';
import { shortHash } from './short-hash.ts';
import type { ChainStep, IdentityAlertRef, IdentityState } from './state.ts';
import { listLabel } from './text.ts';
import { DAY, dayOf, iso } from './time.ts';

export const CHAIN_DETECTOR = 'chain.exfiltration';
const TECHNIQUE = 'T1213.004';
const REASON = 'exfiltration-chain';
/** Steps shown in an alert: the first and the last half of them; `total` says how many there are. */
const SHOWN_STEPS = 12;

/** A chain as alert evidence: the steps in time order (at most SHOWN_STEPS, first and last), and how many there are. */
export function chainEvidence(chain: Chain, config: Config): ChainEvidence {
  const all = chain.steps;
  const shown = all.length <= SHOWN_STEPS ? all : [...all.slice(0, SHOWN_STEPS / 2), ...all.slice(-SHOWN_STEPS / 2)];
  return {
    windowHours: config.chains.exfiltration.windowHours,
    total: all.length,
    steps: shown.map((s) => ({
      time: iso(s.time), role: s.role, source: s.source as Source, app: s.app as ChainEvidence['steps'][number]['app'],
      action: s.action as ChainEvidence['steps'][number]['action'],
      ...(s.object !== undefined ? { object: s.object } : {}),
      ...(s.destination !== undefined ? { destination: s.destination } : {}),
      event: s.event,
    })),
  };
}

const signature = (e: ChainEvidence): string => shortHash(`${e.total}|${e.steps.map((s) => s.event).join(',')}`);

/** Puts the chain in an alert's evidence: the reason, Tier 2 and at least high severity (misuse evident alone). */
export function attachChain(alert: Alert, evidence: ChainEvidence): void {
  alert.evidence.chain = evidence;
  if (!alert.escalation.reasons.includes(REASON)) alert.escalation.reasons.push(REASON);
  alert.escalation.tier = 2;
  if (alert.severity !== 'critical') alert.severity = 'high';
  alert.techniques = [...new Set([...(alert.techniques ?? [alert.technique]), TECHNIQUE] as const)].sort();
}

/** The chain an alert already carries, as the person's steps now show it (to keep it on a later update of the alert). */
export function chainOfRef(id: IdentityState, ref: IdentityAlertRef, config: Config): ChainEvidence | undefined {
  if (!ref.chain) return undefined;
  const chain = findChains(id.chain ?? [], windowMsOf(config)).find((c) => c.day === ref.chain!.day);
  return chain ? chainEvidence(chain, config) : undefined;
}

/**
 * Each chain of the person joins one alert: the one already carrying that day's chain, else the correlated
 * T1213.004 alert of the CRM step's day, else that day's CRM alert (the earliest); with none, the chain raises the
 * correlated alert itself — so whichever half arrives first, the same alert id carries it. An alert of this run gets
 * the chain in place; one published earlier is raised with an escalation carrying the chain. A chain already
 * published unchanged does nothing (a re-delivered batch publishes nothing).
 */
export function raiseChains(id: IdentityState, alerts: Alert[], escalations: AlertEscalation[], config: Config): void {
  if (!config.chains.exfiltration.enabled || !id.chain?.length) return;
  for (const chain of findChains(id.chain, windowMsOf(config))) {
    const evidence = chainEvidence(chain, config);
    const sig = signature(evidence);
    const correlated = alertId(`correlated:${TECHNIQUE}`, id.key, chain.day * DAY);
    const target = id.alerts.find((a) => a.chain?.day === chain.day)
      ?? id.alerts.find((a) => a.id === correlated)
      ?? id.alerts.filter((a) => a.technique === TECHNIQUE && dayOf(a.time - 1) === chain.day).sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : 1))[0];
    if (target?.chain?.sig === sig) continue;
    if (!target) {
      const alert = newChainAlert(correlated, id, chain, evidence, config);
      alerts.push(alert);
      id.alerts.push({
        id: correlated, detector: CHAIN_DETECTOR, technique: TECHNIQUE, tier: 2, time: alert.window.end ? Date.parse(alert.window.end) : chain.day * DAY,
        principal: chain.steps.find((s) => s.role === 'collection')!.principal, rollup: 0, reasons: [REASON], kind: 'export', chain: { day: chain.day, sig },
      });
      continue;
    }
    target.chain = { day: chain.day, sig };
    target.tier = 2;
    target.reasons = [...new Set([...(target.reasons ?? []), REASON])];
    const inRun = lastOf(alerts, target.id);
    if (inRun) {
      attachChain(inRun, evidence);
      continue;
    }
    target.update = (target.update ?? 0) + 1;
    escalations.push({ id: target.id, update: target.update, tier: 2, reasons: target.reasons as Alert['escalation']['reasons'], chain: evidence });
  }
}

function lastOf(alerts: Alert[], aid: string): Alert | undefined {
  for (let i = alerts.length - 1; i >= 0; i--) if (alerts[i]!.id === aid) return alerts[i];
  return undefined;
}

/** The chain is the finding: an alert on the person behind the CRM step, built from the steps alone. */
function newChainAlert(aid: string, id: IdentityState, chain: Chain, evidence: ChainEvidence, config: Config): Alert {
  const crm = chain.steps.filter((s) => s.role === 'collection');
  const out = chain.steps.filter((s) => s.role === 'leaving');
  const first = crm[0]!;
  const sep = first.principal.indexOf(':');
  const clock = new OrgClock(config);
  const trusted = new NetworkList(config.trustedNetworks);
  const ip = crm.find((s) => s.ip && !trusted.has(s.ip))?.ip ?? crm.find((s) => s.ip)?.ip ?? null;
  const start = chain.steps[0]!.time;
  const end = chain.steps[chain.steps.length - 1]!.time;
  const hours = Math.max(1, Math.round((out[0]!.time - crm[0]!.time) / 3_600_000));
  const related = id.alerts.filter((a) => a.time <= end && end - a.time <= 7 * DAY).map((a) => a.id).slice(-10);
  const reasons: Alert['escalation']['reasons'] = [REASON];
  return {
    id: aid,
    detector: CHAIN_DETECTOR,
    technique: TECHNIQUE,
    title: `CRM ${verb(first)} then data out of the org within ${hours} h: ${listLabel(unique(out.map(where)), 3, '', ', ')}`,
    severity: 'high',
    score: Math.min(100, 80 + 4 * reasons.length + 2 * Math.min(out.length, 3)),
    principal: { source: first.principal.slice(0, sep) as Source, id: first.principal.slice(sep + 1), ...(id.key.includes('@') ? { name: id.key } : {}) },
    window: { start: iso(start), end: iso(end) },
    triage: {
      offHours: chain.steps.some((s) => !clock.businessHours(s.time)),
      sourceIp: { ip, known: ip !== null && trusted.has(ip), trusted: ip !== null && trusted.has(ip) },
      unusualVolume: { value: out.length, baseline: null, z: null, percentile: null },
      recentAlerts: related.length,
      accessedBefore: false,
    },
    techniques: [TECHNIQUE],
    related,
    escalation: { tier: 2, reasons },
    evidence: {
      events: chain.steps.length,
      sample: chain.steps.slice(0, 10).map((s) => s.event),
      objects: unique(chain.steps.map((s) => s.object).filter((x): x is string => !!x)).slice(0, 10),
      ips: unique(chain.steps.map((s) => s.ip).filter((x): x is string => !!x)).slice(0, 5),
      facts: { sources: unique(chain.steps.map((s) => s.source)) },
      chain: evidence,
    },
    playbook: PLAYBOOKS[TECHNIQUE],
    rollup: 0,
  };
}

const verb = (s: ChainStep): string => (s.action === 'export' || s.action === 'bulk_export' ? 'export' : 'bulk read');
const where = (s: ChainStep): string => `${s.destination ?? 'outside'} (${s.app})`;
const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];
