import type { Alert } from './alert.ts';
import { alertId } from './alert-id.ts';
import { buildAlert } from './alert-builder.ts';
import { cloneJson } from './clone-json.ts';
import type { Config } from './config.ts';
import type { Signal } from './detectors/types.ts';
import type { IdentityState } from './state.ts';
import { DAY, HOUR } from './time.ts';
import { principalNames, type PrincipalTriage } from './triage.ts';

export interface PendingSignal {
  signal: Signal;
  triage: PrincipalTriage;
}

/** A sign the account itself may be compromised (failed logins, vendor session anomaly, new OAuth app). */
export interface CompromiseMarker {
  identity: string;
  principal: string;
  time: number;
  what: string;
}

export interface CorrelationResult {
  alerts: Alert[];
  identities: IdentityState[];
  suppressed: number;
  rolledUp: number;
}

const RISK_ALERT = 100;
const DISTINCT_DETECTORS_ALERT = 3;
const MIN_COUNTED_WEIGHT = 10;
const KEEP_ALERTS_MS = 30 * DAY;
const KEEP_SIGNALS_MS = 7 * DAY;
/** Collection fades in a day; reconnaissance and configuration changes matter for three. */
const halfLife = (technique: string): number => (technique === 'T1591.002' ? 72 * HOUR : 24 * HOUR);

/**
 * Signals → alerts, in time order across all principals of the batch, per identity (one person across sources):
 * high-confidence signals alert alone; others add to a decaying risk sum and alert at ≥ 100 or on ≥ 3 distinct
 * detectors in 72 h. An alert id already recorded for the identity rolls up instead of alerting again.
 */
export function correlate(
  pending: PendingSignal[],
  markers: CompromiseMarker[],
  identities: ReadonlyMap<string, IdentityState>,
  config: Config,
): CorrelationResult {
  const touched = new Map<string, IdentityState>();
  const state = (key: string): IdentityState => {
    let s = touched.get(key);
    if (!s) {
      const prev = identities.get(key);
      s = prev ? cloneJson(prev) : { key, version: 0, alerts: [], signals: [] };
      touched.set(key, s);
    }
    return s;
  };
  for (const m of markers) {
    state(m.identity).signals.push({ detector: m.what, technique: '', weight: 0, time: m.time, principal: m.principal, kind: 'compromise' });
  }

  const alerts: Alert[] = [];
  let suppressed = 0;
  let rolledUp = 0;
  const ordered = [...pending].sort(
    (a, b) => a.signal.window.end - b.signal.window.end || cmp(a.signal.detector, b.signal.detector) || cmp(a.signal.principal.key, b.signal.principal.key),
  );
  for (const { signal: s, triage } of ordered) {
    if (isSuppressed(s, config)) {
      suppressed++;
      continue;
    }
    const id = state(s.principal.identity);
    const t = s.window.end;
    id.signals.push({ detector: s.detector, technique: s.technique, weight: s.weight, time: t, principal: s.principal.key });
    let correlated: string[] | undefined;
    if (!s.highConfidence) {
      const recent = id.signals.filter((x) => x.kind !== 'compromise' && x.time <= t && t - x.time <= 72 * HOUR);
      const decayed = recent.map((x) => ({ detector: x.detector, w: x.weight * 0.5 ** ((t - x.time) / halfLife(x.technique)) }));
      const risk = decayed.reduce((sum, x) => sum + x.w, 0);
      // A detector counts toward "3 distinct" only while its signal still carries weight.
      const detectors = new Set(decayed.filter((x) => x.w >= MIN_COUNTED_WEIGHT).map((x) => x.detector));
      if (risk < RISK_ALERT && detectors.size < DISTINCT_DETECTORS_ALERT) continue;
      // A person already alerted on in the last 24 h: the weak signal is context for that alert, not a new one.
      const open = id.alerts.find((a) => a.time <= t && t - a.time <= DAY);
      if (open) {
        open.rollup += 1;
        rolledUp++;
        continue;
      }
      correlated = [...detectors].sort();
    }
    const aid = alertId(s.detector, s.principal.key, s.window.start);
    const existing = id.alerts.find((a) => a.id === aid);
    if (existing) {
      existing.rollup += 1 + s.rollup;
      rolledUp++;
      continue;
    }
    const prior = id.alerts.filter((a) => a.time <= t && t - a.time <= 7 * DAY);
    const compromise = [...new Set(id.signals.filter((x) => x.kind === 'compromise' && x.time <= t && t - x.time <= DAY).map((x) => x.detector))];
    const alert = buildAlert(s, triage, { recentAlerts: prior.length, openInvestigation: prior.some((a) => a.tier === 2), compromise }, correlated);
    alerts.push(alert);
    id.alerts.push({ id: aid, detector: s.detector, technique: s.technique, tier: alert.escalation.tier, time: t, principal: s.principal.key, rollup: s.rollup });
  }

  for (const s of touched.values()) {
    const newest = Math.max(0, ...s.alerts.map((a) => a.time), ...s.signals.map((x) => x.time));
    s.alerts = s.alerts.filter((a) => newest - a.time <= KEEP_ALERTS_MS);
    s.signals = s.signals.filter((x) => newest - x.time <= KEEP_SIGNALS_MS);
  }
  return { alerts, identities: [...touched.values()], suppressed, rolledUp };
}

/** Scoped (detector + principal), expiring suppressions; an expired entry no longer applies. */
function isSuppressed(s: Signal, config: Config): boolean {
  const names = principalNames(s);
  return config.suppressions.some(
    (x) => (x.detector === s.detector || x.detector === '*') && names.has(x.principal.toLowerCase()) && Date.parse(x.expires) + DAY > s.window.end,
  );
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
