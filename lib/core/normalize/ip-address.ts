/**
 * Clean a vendor IP field: strips ports (`198.51.100.7:51000`), brackets (`[2001:db8::1]:443`), blanks and
 * non-addresses (`Salesforce.com IP`). Returns undefined when no address remains.
 */
export function cleanIp(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  let s = raw.trim();
  if (!s) return undefined;
  // Nearly every value is already a plain IPv4 address: answer it without the regexes below.
  if (isIpv4(s)) return s;
  const bracket = /^\[([0-9a-fA-F:.]+)\](?::\d+)?$/.exec(s);
  if (bracket) s = bracket[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(s)) s = s.slice(0, s.lastIndexOf(':'));
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(s)) return s.split('.').every((o) => Number(o) <= 255) ? s : undefined;
  if (/^[0-9a-fA-F:]+(\.\d{1,3}){0,3}$/.test(s) && s.includes(':')) return s.toLowerCase();
  return undefined;
}

/** A dotted-quad IPv4 address: four groups of 1–3 digits, each at most 255. */
function isIpv4(s: string): boolean {
  let groups = 0;
  let digits = 0;
  let value = 0;
  // One pass, with a virtual '.' after the last character closing the last group.
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 46;
    if (c >= 48 && c <= 57) {
      if (++digits > 3) return false;
      value = value * 10 + (c - 48);
    } else if (c === 46 && digits > 0 && value <= 255 && ++groups <= 4) {
      digits = 0;
      value = 0;
    } else {
      return false;
    }
  }
  return groups === 4;
}
