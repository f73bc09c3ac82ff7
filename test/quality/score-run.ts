import type { Alert } from '../../lib/core/alert.ts';
import { DETECTORS } from '../../lib/core/detectors/registry.ts';
import { alertsFor } from '../../lib/cli/truth.ts';
import type { TruthEntry } from '../../lib/simulate/truth.ts';

/** How one replay of simulated logs fares against its truth.json: the figures the quality test prints and asserts. */
export interface RunScore {
  attacks: number;
  caught: string[];
  missed: string[];
  /** Caught attacks whose labelled detectors share one technique, but no matching alert carries it. */
  wrongTechnique: string[];
  tier2Labelled: number;
  tier2Correct: number;
  /** Attacks labelled tier 2 whose matching alerts are all tier 1. */
  tierMisses: string[];
  benign: number;
  /** Benign traps with a tier-2 alert of a detector they exercise, with the alerts' detectors. */
  benignTier2: Array<{ id: string; detectors: string[] }>;
  totalAlerts: number;
  /** Alerts answering some labelled attack (any of its labelled detectors, its principal, its time). */
  truePositives: number;
  precision: number;
  recall: number;
  /** Per registry detector: did it raise an alert answering an attack that lists it? */
  detectorHits: Map<string, boolean>;
  /** Alerts answering no labelled attack, for the report. */
  unmatched: Alert[];
}

const TECHNIQUE = new Map(DETECTORS.map((d) => [d.id, d.technique]));

export function scoreRun(truth: readonly TruthEntry[], alerts: readonly Alert[]): RunScore {
  const attacks = truth.filter((t) => !t.benign);
  const benign = truth.filter((t) => t.benign);
  const answering = new Set<string>();
  const detectorHits = new Map(DETECTORS.map((d) => [d.id, false]));
  const s: RunScore = {
    attacks: attacks.length, caught: [], missed: [], wrongTechnique: [], tier2Labelled: 0, tier2Correct: 0, tierMisses: [],
    benign: benign.length, benignTier2: [], totalAlerts: alerts.length, truePositives: 0, precision: 0, recall: 0, detectorHits, unmatched: [],
  };
  for (const t of attacks) {
    const hits = alertsFor(t, alerts);
    for (const a of hits) {
      answering.add(a.id);
      detectorHits.set(a.detector, true);
    }
    if (hits.length === 0) {
      s.missed.push(t.id);
      continue;
    }
    s.caught.push(t.id);
    const techniques = new Set(t.detectors.map((d) => TECHNIQUE.get(d)));
    if (techniques.size === 1 && !hits.some((a) => a.technique === t.technique)) s.wrongTechnique.push(t.id);
    if (t.tier === 2) {
      s.tier2Labelled++;
      if (hits.some((a) => a.escalation.tier === 2)) s.tier2Correct++;
      else s.tierMisses.push(t.id);
    }
  }
  for (const t of benign) {
    // Alerts of the detectors the trap exercises; an alert that answers a labelled attack on the same person is not the trap's.
    const loud = alertsFor({ ...t, benign: false }, alerts).filter((a) => a.escalation.tier === 2 && !answering.has(a.id));
    if (loud.length) s.benignTier2.push({ id: t.id, detectors: [...new Set(loud.map((a) => a.detector))] });
  }
  s.truePositives = alerts.filter((a) => answering.has(a.id)).length;
  s.unmatched = alerts.filter((a) => !answering.has(a.id));
  s.precision = alerts.length ? s.truePositives / alerts.length : 1;
  s.recall = attacks.length ? s.caught.length / attacks.length : 1;
  return s;
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

export function renderScore(seed: number, s: RunScore): string {
  const lines = [
    `seed ${seed}: attacks ${s.attacks}, caught ${s.caught.length}, tier-2 correct ${s.tier2Correct}/${s.tier2Labelled}, ` +
      `benign traps with a tier-2 alert ${s.benignTier2.length}/${s.benign}, total alerts ${s.totalAlerts}, ` +
      `precision ${pct(s.precision)} (${s.truePositives}/${s.totalAlerts}), recall ${pct(s.recall)}`,
    `  detectors hit: ${[...s.detectorHits].filter(([, hit]) => hit).map(([d]) => d).join(', ') || 'none'}`,
    `  detectors missed: ${[...s.detectorHits].filter(([, hit]) => !hit).map(([d]) => d).join(', ') || 'none'}`,
  ];
  for (const id of s.missed) lines.push(`  MISSED attack ${id}`);
  for (const id of s.wrongTechnique) lines.push(`  wrong technique on ${id}`);
  for (const id of s.tierMisses) lines.push(`  tier 1 instead of 2 on ${id}`);
  for (const b of s.benignTier2) lines.push(`  tier-2 alert on benign ${b.id} (${b.detectors.join(', ')})`);
  const byKind = new Map<string, number>();
  for (const a of s.unmatched) {
    const k = `${a.detector} on ${a.principal.name ?? a.principal.id} (tier ${a.escalation.tier})`;
    byKind.set(k, (byKind.get(k) ?? 0) + 1);
  }
  for (const [k, n] of byKind) lines.push(`  unmatched: ${n} × ${k}`);
  return lines.join('\n');
}
