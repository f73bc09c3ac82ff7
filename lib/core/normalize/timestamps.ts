/**
 * Vendor timestamp parsing. All return epoch ms UTC or undefined; none uses the wall clock.
 * - ISO with `Z`, `+00:00` or `+0000` (Salesforce SOQL), or with no zone at all (M365 `CreationTime`: UTC).
 * - Salesforce ELF compact `yyyyMMddHHmmss.SSS` (ms may have 1–3 digits).
 * - Slack `date_create`: epoch seconds (number or numeric string).
 */
export function parseIsoUtc(raw: unknown): number | undefined {
  if (typeof raw !== 'string') return undefined;
  const fast = plainIsoUtc(raw);
  if (fast !== undefined) return fast;
  let s = raw.trim();
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (!m) return undefined;
  const zone = m[3] === undefined ? 'Z' : m[3] === 'Z' ? 'Z' : m[3].includes(':') ? m[3] : `${m[3].slice(0, 3)}:${m[3].slice(3)}`;
  // Rebuild only when `s` is not already in the form Date.parse reads as UTC (`T`, a zone, `±hh:mm`).
  if (s[10] !== 'T' || zone !== m[3]) s = `${m[1]}T${m[2]}${zone}`;
  const t = Date.parse(s);
  return Number.isFinite(t) ? t : undefined;
}

/**
 * `YYYY-MM-DDTHH:MM:SS[.fff…][Z]` with every field in its ordinary range, read digit by digit: what most vendor times
 * look like, without a regex and Date.parse per record. Anything else (zones, a space, 24:00, odd ranges) is left to
 * the general parse (undefined here); the result is Date.parse's (fraction cut to milliseconds, day 31 of a shorter
 * month rolling over as Date.parse rolls it).
 */
function plainIsoUtc(s: string): number | undefined {
  const n = s.length;
  if (n < 19 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return undefined;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  const sec = digits(s, 17, 2);
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return undefined;
  let i = 19;
  let ms = 0;
  if (i < n && s.charCodeAt(i) === 46) {
    i++;
    const start = i;
    while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
    if (i === start) return undefined;
    for (let k = 0; k < 3; k++) ms = ms * 10 + (start + k < i ? s.charCodeAt(start + k) - 48 : 0);
  }
  if (i < n && s.charCodeAt(i) === 90) i++;
  if (i !== n) return undefined;
  return Date.UTC(y, mo - 1, d, h, mi, sec, ms);
}

/** The decimal number of `len` digits at `at`, or -1 when one is not a digit. */
function digits(s: string, at: number, len: number): number {
  let v = 0;
  for (let i = at; i < at + len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

export function parseSfCompact(raw: unknown): number | undefined {
  if (typeof raw !== 'string') return undefined;
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{1,3}))?$/.exec(raw.trim());
  if (!m) return undefined;
  const ms = m[7] ? Number(m[7].padEnd(3, '0')) : 0;
  const t = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, ms);
  return Number.isFinite(t) ? t : undefined;
}

export function parseEpochSeconds(raw: unknown): number | undefined {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : NaN;
  // Guard against ms/µs values passed as seconds: seconds fit below 1e11 until the year 5138.
  if (!Number.isFinite(n) || n <= 0 || n >= 1e11) return undefined;
  return Math.round(n * 1000);
}
