import type { Alert } from '../core/alert.ts';
import { escapeJsonControls, terminalSafe } from './terminal-text.ts';

/** Alerts by window start, then id: the order people read an incident in. */
export function sortAlerts(alerts: readonly Alert[]): Alert[] {
  return [...alerts].sort((a, b) =>
    a.window.start < b.window.start ? -1 : a.window.start > b.window.start ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** `2026-11-21 02:00–03:00Z`, or both dates when the window crosses midnight (UTC). */
export function formatWindow(w: Alert['window']): string {
  const s = w.start.replace('T', ' ').slice(0, 16);
  const e = w.end.replace('T', ' ').slice(0, 16);
  return s.slice(0, 10) === e.slice(0, 10) ? `${s}–${e.slice(11)}Z` : `${s}Z → ${e}Z`;
}

export const principalLabel = (a: Alert): string => a.principal.name ?? `${a.principal.source}:${a.principal.id}`;

/** The alerts as an aligned text table for people (sorted by time), ending with a newline. */
export function renderAlertTable(alerts: readonly Alert[]): string {
  if (alerts.length === 0) return 'No alerts.\n';
  const header = ['SEVERITY', 'TIER', 'DETECTOR', 'PRINCIPAL', 'WINDOW (UTC)', 'TITLE'];
  // Names and titles are vendor text: printed without their control characters and escape sequences.
  const rows = sortAlerts(alerts).map((a) => [
    a.severity, String(a.escalation.tier), a.detector, principalLabel(a), formatWindow(a.window), a.title,
  ].map(terminalSafe));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

/** One alert per line, DESIGN.md §4 field names as the core made them. */
export const renderAlertsNdjson = (alerts: readonly Alert[]): string =>
  sortAlerts(alerts).map((a) => `${escapeJsonControls(JSON.stringify(a))}\n`).join('');
