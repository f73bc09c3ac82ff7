import type { Alert } from '../core/alert.ts';
import type { ReplayOutcome } from '../replay/run-replay.ts';
import { terminalSafe } from './terminal-text.ts';

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
const fmt = (n: number): string => n.toLocaleString('en-US');

/** What `--stats` writes. */
export interface ReplayStats {
  files: number;
  batches: number;
  /** Records plus lines and inputs rejected before they were records: normalized + duplicates + Σ rejected. */
  read: number;
  records: number;
  normalized: number;
  duplicates: number;
  rejected: Record<string, number>;
  alerts: number;
}

export function replayStats(o: ReplayOutcome): ReplayStats {
  return {
    files: o.files,
    batches: o.batches,
    read: o.read,
    records: o.counts.records,
    normalized: o.counts.normalized,
    duplicates: o.counts.duplicates,
    rejected: sortedCounts(o.counts.rejected),
    alerts: o.alerts.length,
  };
}

function sortedCounts(c: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(c).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
}

function alertBreakdown(alerts: readonly Alert[]): string {
  if (alerts.length === 0) return 'alerts 0';
  const bySev = SEVERITIES.map((s) => [s, alerts.filter((a) => a.severity === s).length] as const).filter(([, n]) => n > 0);
  const t2 = alerts.filter((a) => a.escalation.tier === 2).length;
  return `alerts ${fmt(alerts.length)} (${bySev.map(([s, n]) => `${s} ${n}`).join(', ')}; tier 2: ${t2}, tier 1: ${alerts.length - t2})`;
}

/** Read-level rejects of one file and reason (not normalizer rejects: those are per record and counted only). */
export interface FileRejectTally {
  file: string;
  reason: string;
  count: number;
  firstLine: number;
  detail?: string;
}

const MAX_FILES_LISTED = 20;

function fileRejectLine(t: FileRejectTally): string {
  const where = t.firstLine > 0 ? (t.count > 1 ? ` ×${t.count}, first at line ${t.firstLine}` : ` at line ${t.firstLine}`) : '';
  // File names and details can carry vendor (or any) text: no control characters reach the terminal.
  return terminalSafe(`  ${t.file}: ${t.reason}${where}${t.detail ? ` (${t.detail})` : ''}`);
}

/**
 * The summary for stderr: files, records, rejects by reason, alerts by severity and tier, then which files
 * could not be read (whole or in part) and why, so the user knows where to look.
 */
export function renderSummary(o: ReplayOutcome, fileRejects: readonly FileRejectTally[]): string {
  const rejectedTotal = Object.values(o.counts.rejected).reduce((a, b) => a + b, 0);
  const lines = [
    `files ${fmt(o.files)} · batches ${fmt(o.batches)} · records ${fmt(o.counts.records)} · normalized ${fmt(o.counts.normalized)}` +
      (o.counts.duplicates > 0 ? ` · duplicates dropped ${fmt(o.counts.duplicates)}` : ''),
    rejectedTotal === 0
      ? 'rejected 0'
      : `rejected ${fmt(rejectedTotal)}: ${Object.entries(sortedCounts(o.counts.rejected)).map(([r, n]) => `${r} ${fmt(n)}`).join(', ')}`,
    alertBreakdown(o.alerts),
  ];
  for (const t of fileRejects.slice(0, MAX_FILES_LISTED)) lines.push(fileRejectLine(t));
  if (fileRejects.length > MAX_FILES_LISTED) lines.push(`  … and ${fileRejects.length - MAX_FILES_LISTED} more (see --quarantine)`);
  if (o.counts.rejected['implausible-time']) {
    lines.push('  implausible-time: dated over 15 min after collection or over 400 days before it (older exports: --as-of <time>)');
  }
  for (const e of o.expiredEntries) lines.push(terminalSafe(`  config entry expired, not applied: ${e}`));
  return `${lines.join('\n')}\n`;
}
