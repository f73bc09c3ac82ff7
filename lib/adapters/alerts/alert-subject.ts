import type { Alert } from '../../core/alert.ts';

/** SNS rejects subjects of 100 characters or more, and any that are not printable ASCII. */
export const SUBJECT_MAX = 99;

const REPLACEMENTS: [RegExp, string][] = [
  [/[\u2012-\u2015\u2212]/g, '-'], // dashes, minus
  [/[\u2018\u2019\u201A\u2032]/g, "'"],
  [/[\u201C\u201D\u201E\u2033]/g, '"'],
  [/\u2026/g, '...'],
  [/[\u00A0\u2000-\u200B\u202F]/g, ' '],
];

/** Printable ASCII only: typographic characters spelled out, accents dropped, anything else removed. */
export function toAsciiLine(text: string): string {
  let s = text;
  for (const [re, to] of REPLACEMENTS) s = s.replace(re, to);
  s = s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  return s.replace(/[\r\n\t]+/g, ' ').replace(/[^\x20-\x7E]/g, '').replace(/ {2,}/g, ' ').trim();
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 3)).trimEnd()}...`;
}

/** E.g. `[HIGH][T2] Salesforce: 48,213 Contact rows exported in 1 h - jdoe@example.com`, ≤ 99 ASCII characters. */
export function alertSubject(alert: Alert): string {
  const prefix = `[${alert.severity.toUpperCase()}][T${alert.escalation.tier}]${alert.update ? `[UPDATE ${alert.update}]` : ''} `;
  const who = toAsciiLine(alert.principal.name ?? alert.principal.id);
  const title = toAsciiLine(alert.title);
  const suffix = who && !title.includes(who) ? ` - ${clip(who, 40)}` : '';
  const room = SUBJECT_MAX - prefix.length - suffix.length;
  return clip(`${prefix}${clip(title, room)}${suffix}`, SUBJECT_MAX);
}
