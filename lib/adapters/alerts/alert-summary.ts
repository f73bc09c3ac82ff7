import type { Alert } from '../../core/alert.ts';
import type { AlertCopy } from './alert-archive.ts';
import { clip } from './alert-trim.ts';

/**
 * What SNS carries when the whole alert would not fit a message (256 KB): who, what, when, how bad, and where the
 * full alert is (README "Alerts").
 */
export interface AlertSummary {
  summary: true;
  id: string;
  detector: string;
  technique: Alert['technique'];
  severity: Alert['severity'];
  tier: 1 | 2;
  title: string;
  principal: Alert['principal'];
  window: Alert['window'];
  update?: number;
  /** The full alert's S3 object, when it has one. */
  fullAlert?: AlertCopy;
}

export function alertSummary(alert: Alert, full?: AlertCopy): AlertSummary {
  const p = alert.principal;
  return {
    summary: true,
    id: alert.id,
    detector: alert.detector,
    technique: alert.technique,
    severity: alert.severity,
    tier: alert.escalation.tier,
    title: clip(alert.title, 1000),
    principal: { source: p.source, id: clip(p.id, 256), ...(p.name === undefined ? {} : { name: clip(p.name, 256) }) },
    window: alert.window,
    ...(alert.update === undefined ? {} : { update: alert.update }),
    ...(full ? { fullAlert: full } : {}),
  };
}

/** The e-mail body of a summary. */
export function alertSummaryText(s: AlertSummary): string {
  const who = s.principal.name ? `${s.principal.name} (${s.principal.source} ${s.principal.id})` : `${s.principal.source} ${s.principal.id}`;
  return [
    s.title,
    '',
    `Severity: ${s.severity.toUpperCase()}    ${s.tier === 2 ? 'Tier 2 - escalate now' : 'Tier 1 - handle at Tier 1'}`,
    `Who: ${who}`,
    `When: ${s.window.start} to ${s.window.end}`,
    `Technique: ${s.technique} (detector ${s.detector})`,
    '',
    s.fullAlert
      ? `This alert is too large for a message. The full alert, with its evidence and playbook: s3://${s.fullAlert.bucket}/${s.fullAlert.key}`
      : 'This alert is too large for a message; its evidence and playbook were trimmed.',
    '',
    `Alert id: ${s.id}${s.update === undefined ? '' : ` (update ${s.update})`}`,
    '',
  ].join('\n');
}
