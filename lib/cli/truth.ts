import type { Alert } from '../core/alert.ts';
import type { TruthEntry } from '../simulate/truth.ts';

/** Alerts may trail the attack by up to an hour (hourly windows). */
const SLACK_MS = 60 * 60 * 1000;

export type { TruthEntry };

const samePrincipal = (a: Alert, t: TruthEntry): boolean =>
  (a.principal.source === t.principal.source && a.principal.id === t.principal.id) ||
  a.principal.name?.toLowerCase() === t.principal.email.toLowerCase();

const overlaps = (a: Alert, t: TruthEntry): boolean =>
  Date.parse(a.window.start) <= Date.parse(t.end) + SLACK_MS && Date.parse(a.window.end) >= Date.parse(t.start) - SLACK_MS;

/**
 * Alerts that answer a truth entry: same principal, overlapping time. For an attack, only its expected detectors
 * count; for a benign case, any alert on it is a false positive.
 */
export function alertsFor(t: TruthEntry, alerts: readonly Alert[]): Alert[] {
  return alerts.filter((a) => samePrincipal(a, t) && overlaps(a, t) && (t.benign || t.detectors.includes(a.detector)));
}
