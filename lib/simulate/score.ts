import type { Alert } from '../core/alert.ts';
import type { TruthEntry } from './truth.ts';

/** Alerts may trail the attack by up to an hour (hourly windows). */
const SLACK_MS = 60 * 60 * 1000;

const samePrincipal = (a: Alert, p: TruthEntry['principal']): boolean =>
  (a.principal.source === p.source && a.principal.id === p.id) || a.principal.name?.toLowerCase() === p.email.toLowerCase();

const overlaps = (a: Alert, t: TruthEntry): boolean =>
  Date.parse(a.window.start) <= Date.parse(t.end) + SLACK_MS && Date.parse(a.window.end) >= Date.parse(t.start) - SLACK_MS;

/**
 * Alerts that answer a truth entry: same principal, overlapping time. For an attack, only its expected detectors
 * count; for a benign case, any alert in its window.
 */
export function alertsFor(t: TruthEntry, alerts: readonly Alert[]): Alert[] {
  return alerts.filter((a) => samePrincipal(a, t.principal) && overlaps(a, t) && (t.benign || t.detectors.includes(a.detector) || chainAnswers(a, t)));
}

/** An exfiltration chain joins the CRM alert of its day (exfil-chain-alert.ts): that alert answers a chain attack. */
const chainAnswers = (a: Alert, t: TruthEntry): boolean => a.evidence.chain !== undefined && t.detectors.includes('chain.exfiltration');

/** How one run fares against its truth: the figures the demo, `eval` and the quality test print. */
export interface RunScore {
  attacks: number;
  caught: string[];
  missed: string[];
  /** Caught attacks whose labelled detectors share one technique, but no matching alert carries it. */
  wrongTechnique: string[];
  tier2Needed: number;
  tier2Correct: number;
  /** Attacks labelled tier 2 whose matching alerts are all tier 1 (or lack the reasons the label names). */
  tierMisses: string[];
  benignCases: number;
  totalAlerts: number;
  /** Alerts on an attack's principal during it (any detector): the attack's own alerts. */
  attackAlerts: number;
  /** Every alert on a person of a benign case, at any time (not only inside the case's window), and those at tier 2. */
  benignAlerts: Alert[];
  benignTier2: Alert[];
  /** Alerts outside any attack on people of no labelled case. */
  strayAlerts: Alert[];
  /** Alerts outside attacks per 100 people per week. */
  outsidePer100PerWeek: number;
  precision: number;
  recall: number;
  /** Detectors that raised, or contributed to, an alert answering an attack that lists them. */
  detectorsHit: Set<string>;
}

export function scoreRun(truth: readonly TruthEntry[], alerts: readonly Alert[], people: number, days: number): RunScore {
  const attacks = truth.filter((t) => !t.benign);
  const benign = truth.filter((t) => t.benign);
  const s: RunScore = {
    attacks: attacks.length, caught: [], missed: [], wrongTechnique: [], tier2Needed: 0, tier2Correct: 0, tierMisses: [],
    benignCases: benign.length, totalAlerts: alerts.length, attackAlerts: 0, benignAlerts: [], benignTier2: [], strayAlerts: [],
    outsidePer100PerWeek: 0, precision: 1, recall: 1, detectorsHit: new Set(),
  };
  for (const t of attacks) {
    const hits = alertsFor(t, alerts);
    for (const a of hits) {
      s.detectorsHit.add(a.detector);
      // A correlated alert names the signal that tipped it; the detectors behind it answered the attack too.
      const behind = a.evidence.facts?.correlated;
      if (Array.isArray(behind)) for (const d of behind) if (t.detectors.includes(String(d))) s.detectorsHit.add(String(d));
      if (chainAnswers(a, t)) s.detectorsHit.add('chain.exfiltration');
    }
    if (hits.length === 0) {
      s.missed.push(t.id);
      continue;
    }
    s.caught.push(t.id);
    const labelled = new Set(hits.map((a) => a.technique));
    if (!labelled.has(t.technique) && !hits.some((a) => a.techniques?.includes(t.technique))) s.wrongTechnique.push(t.id);
    if (t.tier === 2) {
      s.tier2Needed++;
      // A label naming its reasons (e.g. idp-anomaly) is met only by a tier-2 alert that carries them.
      const needs = t.reasons ?? [];
      if (hits.some((a) => a.escalation.tier === 2 && needs.every((r) => (a.escalation.reasons as string[]).includes(r)))) s.tier2Correct++;
      else s.tierMisses.push(t.id);
    }
  }
  const inAttack = new Set(alerts.filter((a) => attacks.some((t) => samePrincipal(a, t.principal) && overlaps(a, t))).map((a) => a.id));
  s.attackAlerts = alerts.filter((a) => inAttack.has(a.id)).length;
  const outside = alerts.filter((a) => !inAttack.has(a.id));
  s.benignAlerts = outside.filter((a) => benign.some((t) => samePrincipal(a, t.principal)));
  s.benignTier2 = s.benignAlerts.filter((a) => a.escalation.tier === 2);
  s.strayAlerts = outside.filter((a) => !s.benignAlerts.includes(a));
  s.outsidePer100PerWeek = people > 0 ? (outside.length / people) * 100 / (days / 7) : 0;
  s.precision = alerts.length ? s.attackAlerts / alerts.length : 1;
  s.recall = attacks.length ? s.caught.length / attacks.length : 1;
  return s;
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** The figures in a few lines, with what went wrong by name. */
export function renderScore(s: RunScore): string {
  const lines = [
    `recall ${pct(s.recall)} (${s.caught.length}/${s.attacks} attacks), tier 2 on ${s.tier2Correct}/${s.tier2Needed} attacks that need it`,
    `alerts ${s.totalAlerts}: ${s.attackAlerts} on attacks (precision ${pct(s.precision)}), ${s.benignAlerts.length} on people of the ${s.benignCases} benign cases ` +
      `(${s.benignTier2.length} tier 2), ${s.strayAlerts.length} on other people; ${s.outsidePer100PerWeek.toFixed(2)} alerts per 100 people per week outside attacks`,
  ];
  for (const id of s.missed) lines.push(`  MISSED attack ${id}`);
  for (const id of s.wrongTechnique) lines.push(`  wrong technique on ${id}`);
  for (const id of s.tierMisses) lines.push(`  tier 1 instead of 2 on ${id}`);
  for (const a of [...s.benignAlerts, ...s.strayAlerts]) {
    lines.push(`  outside attacks: ${a.detector} on ${a.principal.name ?? a.principal.id} (tier ${a.escalation.tier}) ${a.window.start}: ${a.title}`);
  }
  return lines.join('\n');
}
