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

  it('property: the digit-by-digit reading of plain times agrees with the general parse, also on near-misses', () => {
    // Strings shaped like YYYY-MM-DDTHH:MM:SS[.f][Z] from an alphabet of digits, separators and stray characters.
    const ch = fc.constantFrom('0', '1', '2', '3', '5', '9', '-', ':', 'T', 'Z', '.', ' ', '+', 'x', '/');
    const nearIso = fc.array(ch, { minLength: 17, maxLength: 28 }).map((cs) => cs.join(''));
    const plain = fc.tuple(
      fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')), fc.nat(13), fc.nat(32), fc.nat(25), fc.nat(61), fc.nat(61),
      fc.constantFrom('', '.', '.0', '.5', '.123', '.999999', '.12a'), fc.constantFrom('', 'Z', 'z', 'ZZ', ' '),
    ).map(([y, mo, d, h, mi, s, frac, z]) => `${y}-${p2(mo)}-${p2(d)}T${p2(h)}:${p2(mi)}:${p2(s)}${frac}${z}`);
    const misses = ['2026-01-01T-1:00:00Z', '2026-01-01T00:-1:00Z', '2026-01-01T00:00:-1Z', '2026-1-01T00:00:00Z', '-026-01-01T00:00:00Z',
      '0099-01-01T00:00:00Z', '2026-01-01T00:00:00.Z', '2026-01-01T00:00:00Zx', '2026-02-30T10:00:00Z', '2026-01-01T24:00:00Z'];
    for (const s of misses) expect(parseIsoUtc(s), s).toBe(reference(s));
    fc.assert(fc.property(fc.oneof(plain, nearIso), (s) => {
      expect(parseIsoUtc(s)).toBe(reference(s));
    }), { numRuns: 20000 });
  });
});

const p2 = (n: number): string => String(n).padStart(2, '0');
