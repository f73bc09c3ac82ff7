import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseIsoUtc } from '../../../lib/core/normalize/timestamps.ts';

/** parseIsoUtc before it skipped rebuilding text already in Date.parse's UTC form: the results must not differ. */
function reference(raw: unknown): number | undefined {
  if (typeof raw !== 'string') return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(raw.trim());
  if (!m) return undefined;
  const zone = m[3] === undefined ? 'Z' : m[3] === 'Z' ? 'Z' : m[3].includes(':') ? m[3] : `${m[3].slice(0, 3)}:${m[3].slice(3)}`;
  const t = Date.parse(`${m[1]}T${m[2]}${zone}`);
  return Number.isFinite(t) ? t : undefined;
}

describe('parseIsoUtc', () => {
  it('reads Z, ±hh:mm, ±hhmm and zoneless (UTC) times, with T or a space', () => {
    const t = Date.UTC(2026, 9, 5, 0, 1, 13);
    for (const s of ['2026-10-05T00:01:13Z', '2026-10-05T00:01:13', '2026-10-05 00:01:13', '2026-10-05T00:01:13+0000', '2026-10-05T02:01:13+02:00']) {
      expect(parseIsoUtc(s), s).toBe(t);
    }
    expect(parseIsoUtc('2026-10-05T00:01:13.480Z')).toBe(t + 480);
    for (const bad of ['2026-13-05T00:00:00Z', '2026-10-05', 'yesterday', '', 1791158400]) expect(parseIsoUtc(bad), String(bad)).toBeUndefined();
  });

  it('property: agrees with always rebuilding the text', () => {
    const two = (max: number) => fc.nat(max).map((n) => String(n).padStart(2, '0'));
    const iso = fc.tuple(
      fc.integer({ min: 1960, max: 2100 }), two(13), two(32), fc.constantFrom('T', ' '), two(25), two(61), two(61),
      fc.constantFrom('', '.1', '.123', '.1234567'), fc.constantFrom('', 'Z', '+00:00', '+0000', '-05:30', '+0530', '+25:00'),
    ).map(([y, mo, d, sep, h, mi, s, frac, zone]) => `${y}-${mo}-${d}${sep}${h}:${mi}:${s}${frac}${zone}`);
    fc.assert(fc.property(iso, (s) => {
      expect(parseIsoUtc(s)).toBe(reference(s));
    }), { numRuns: 5000 });
  });
});
