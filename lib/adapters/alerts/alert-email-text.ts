import type { Alert } from '../../core/alert.ts';

const REASONS: Record<string, string> = {
  'external-unknown-ip': 'activity from an external IP never seen for this person',
  'no-history': 'no activity history for this principal to compare with',
  'corroborating-compromise': 'signs of account compromise around the same time',
  'large-export': 'the volume is large in absolute terms',
  'open-investigation': 'other recent alerts for this person are still open',
  'lookalike-partner': 'data went to a domain resembling a partner',
  'idp-anomaly': 'an identity-provider event shortly before (MFA reset or enrolment, new device or place, admin role, API token)',
  'service-account-within-habits': 'a declared service account behaving as usual',
  'usual-hours-trusted-network-normal-volume': 'usual hours, trusted network and normal volume',
  'exfiltration-chain': 'a CRM export followed by the same person sending data out of the org',
};

const num = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const yesNo = (b: boolean): string => (b ? 'yes' : 'no');
const explain = (code: string): string => `${code}: ${REASONS[code] ?? code}`;

function list(title: string, items: readonly string[], numbered = false): string[] {
  if (items.length === 0) return [];
  return [title, ...items.map((s, i) => `  ${numbered ? `${i + 1}.` : '-'} ${s}`), ''];
}

/** The e-mail body: enough to act on at Tier 1 without opening another tool (DESIGN.md §4). */
export function alertEmailText(alert: Alert): string {
  const t = alert.triage;
  const ip = t.sourceIp.ip === null
    ? 'not in the logs'
    : `${t.sourceIp.ip} (${t.sourceIp.known ? 'seen before' : 'never seen for this person'}, ${t.sourceIp.trusted ? 'trusted network' : 'not a trusted network'})`;
  const v = t.unusualVolume;
  const volume = [
    num.format(v.value),
    v.baseline === null ? 'no baseline yet' : `baseline ${num.format(v.baseline)}`,
    ...(v.z === null ? [] : [`z ${num.format(v.z)}`]),
    ...(v.percentile === null || v.percentile === undefined ? [] : [`percentile ${num.format(v.percentile)}`]),
  ].join(', ');
  const who = alert.principal.name ? `${alert.principal.name} (${alert.principal.source} ${alert.principal.id})` : `${alert.principal.source} ${alert.principal.id}`;
  const tier = alert.escalation.tier === 2 ? 'Tier 2 - escalate now' : 'Tier 1 - handle at Tier 1';
  const e = alert.evidence;
  const lines = [
    alert.title,
    ...(alert.update ? [`Update ${alert.update}: this alert grew since it was first sent (same alert id).`] : []),
    '',
    `Severity: ${alert.severity.toUpperCase()} (score ${alert.score})    ${tier}`,
    `Who: ${who}`,
    `When: ${alert.window.start} to ${alert.window.end}`,
    `Technique: ${alert.technique} (detector ${alert.detector})`,
    ...(alert.rollup ? [`Fired again ${alert.rollup} time(s) in this window`] : []),
    '',
    'Tier-1 questions',
    `  - Outside business hours? ${yesNo(t.offHours)}`,
    `  - Source IP: ${ip}`,
    `  - Unusual volume? ${volume}`,
    `  - Other recent alerts for this person: ${t.recentAlerts}`,
    `  - Accessed these resources before? ${yesNo(t.accessedBefore)}`,
    ...(t.newResourceShare === undefined ? [] : [`  - Share of resources never touched before: ${Math.round(t.newResourceShare * 100)}%`]),
    '',
    `Escalation: ${tier}`,
    ...alert.escalation.reasons.map((r) => `  - ${explain(r)}`),
    ...(alert.escalation.deescalation ?? []).map((r) => `  - lowered: ${explain(r)}`),
    '',
    'Evidence',
    `  - Events: ${num.format(e.events)}`,
    ...(e.objects.length ? [`  - Objects: ${e.objects.join(', ')}`] : []),
    ...(e.ips.length ? [`  - IPs: ${e.ips.join(', ')}`] : []),
    ...(e.sample.length ? [`  - Sample event ids: ${e.sample.join(', ')}`] : []),
    ...(e.refs ?? []).map((r) => `  - Raw record: ${r.file} line ${r.line}`),
    '',
    ...list(
      `Exfiltration chain (within ${e.chain?.windowHours ?? 0} h; ${e.chain?.total ?? 0} steps)`,
      (e.chain?.steps ?? []).map((s) => `${s.time} ${s.role} ${s.app} ${s.action}${s.object ? ` ${s.object}` : ''}${s.destination ? ` -> ${s.destination}` : ''}`),
      true,
    ),
    ...list('Playbook - Tier 1', alert.playbook.l1, true),
    ...list('Playbook - Tier 2', alert.playbook.t2, true),
    ...list('Containment', alert.playbook.containment, true),
    `Alert id: ${alert.id}`,
  ];
  return `${lines.join('\n')}\n`;
}
