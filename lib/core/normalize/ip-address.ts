/**
 * Clean a vendor IP field: strips ports (`198.51.100.7:51000`), brackets (`[2001:db8::1]:443`), blanks and
 * non-addresses (`Salesforce.com IP`). Returns undefined when no address remains.
 */
export function cleanIp(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  let s = raw.trim();
  if (!s) return undefined;
  const bracket = /^\[([0-9a-fA-F:.]+)\](?::\d+)?$/.exec(s);
  if (bracket) s = bracket[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(s)) s = s.slice(0, s.lastIndexOf(':'));
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(s)) return s.split('.').every((o) => Number(o) <= 255) ? s : undefined;
  if (/^[0-9a-fA-F:]+(\.\d{1,3}){0,3}$/.test(s) && s.includes(':')) return s.toLowerCase();
  return undefined;
}
