import type { Alert } from '../../core/alert.ts';
import type { AlertCopy } from './alert-archive.ts';

/** Strings and lists of a trimmed alert: enough to triage from, bounded whatever the vendor strings were. */
const LIST_MAX = 10;
const STRING_MAX = 256;
const TITLE_MAX = 500;
const PLAYBOOK_LINE_MAX = 500;

export const clip = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

function head(list: readonly string[], omitted: Record<string, number>, name: string): string[] {
  if (list.length > LIST_MAX) omitted[name] = list.length - LIST_MAX;
  return list.slice(0, LIST_MAX).map((s) => clip(s, STRING_MAX));
}

/**
 * A copy of `alert` small enough for its DynamoDB record (at most ~100 KB even with 3-byte characters): title and
 * strings clipped, lists cut to their first 10, evidence facts replaced by what was left out and where the full
 * alert is. Still a valid alert (DESIGN.md §4).
 */
export function trimAlert(alert: Alert, full?: AlertCopy): Alert {
  const omitted: Record<string, number> = {};
  const e = alert.evidence;
  const evidence: Alert['evidence'] = {
    events: e.events,
    sample: head(e.sample, omitted, 'sample'),
    objects: head(e.objects, omitted, 'objects'),
    ips: head(e.ips, omitted, 'ips'),
    facts: { truncated: true, ...(full ? { fullAlert: `s3://${full.bucket}/${full.key}` } : {}), omitted },
    // At most 12 steps of clipped text (exfil-chain-alert.ts): small, and what the analyst acts on.
    ...(e.chain ? { chain: e.chain } : {}),
  };
  if (e.refs) {
    if (e.refs.length > LIST_MAX) omitted.refs = e.refs.length - LIST_MAX;
    evidence.refs = e.refs.slice(0, LIST_MAX).map((r) => ({ file: clip(r.file, 2 * STRING_MAX), line: r.line }));
  }
  const lines = (l: readonly string[]): string[] => l.slice(0, LIST_MAX).map((s) => clip(s, PLAYBOOK_LINE_MAX));
  const p = alert.principal;
  return {
    ...alert,
    title: clip(alert.title, TITLE_MAX),
    principal: { source: p.source, id: clip(p.id, STRING_MAX), ...(p.name === undefined ? {} : { name: clip(p.name, STRING_MAX) }) },
    triage: { ...alert.triage, sourceIp: { ...alert.triage.sourceIp, ip: alert.triage.sourceIp.ip === null ? null : clip(alert.triage.sourceIp.ip, STRING_MAX) } },
    evidence,
    playbook: { l1: lines(alert.playbook.l1), t2: lines(alert.playbook.t2), containment: lines(alert.playbook.containment) },
  };
}
