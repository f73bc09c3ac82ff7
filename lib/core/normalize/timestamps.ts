/**
 * Vendor timestamp parsing. All return epoch ms UTC or undefined; none uses the wall clock.
 * - ISO with `Z`, `+00:00` or `+0000` (Salesforce SOQL), or with no zone at all (M365 `CreationTime`: UTC).
 * - Salesforce ELF compact `yyyyMMddHHmmss.SSS` (ms may have 1–3 digits).
 * - Slack `date_create`: epoch seconds (number or numeric string).
 */
export function parseIsoUtc(raw: unknown): number | undefined {
  if (typeof raw !== 'string') return undefined;
  let s = raw.trim();
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (!m) return undefined;
  const zone = m[3] === undefined ? 'Z' : m[3] === 'Z' ? 'Z' : m[3].includes(':') ? m[3] : `${m[3].slice(0, 3)}:${m[3].slice(3)}`;
  // Rebuild only when `s` is not already in the form Date.parse reads as UTC (`T`, a zone, `±hh:mm`).
  if (s[10] !== 'T' || zone !== m[3]) s = `${m[1]}T${m[2]}${zone}`;
  const t = Date.parse(s);
  return Number.isFinite(t) ? t : undefined;
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
