import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cleanIp } from '../../../lib/core/normalize/ip-address.ts';

/** The regex-only reading cleanIp had before its IPv4 fast path: the fast path must agree with it everywhere. */
function reference(raw: unknown): string | undefined {
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

describe('cleanIp', () => {
  it('keeps addresses, strips ports and brackets, drops non-addresses', () => {
    expect(cleanIp('198.51.100.7')).toBe('198.51.100.7');
    expect(cleanIp(' 10.0.0.1 ')).toBe('10.0.0.1');
    expect(cleanIp('198.51.100.7:51000')).toBe('198.51.100.7');
    expect(cleanIp('[2001:DB8::1]:443')).toBe('2001:db8::1');
    expect(cleanIp('01.002.3.4')).toBe('01.002.3.4');
    for (const bad of ['', ' ', 'Salesforce.com IP', '256.1.1.1', '1.2.3', '1.2.3.4.5', '1..2.3', '.1.2.3', '1.2.3.4.', '1234.1.1.1', null, 7]) {
      expect(cleanIp(bad), String(bad)).toBeUndefined();
    }
  });

  it('property: agrees with the regex-only reading on address-like text', () => {
    const chars = fc.constantFrom(...'0123456789.:[]abcdefABCDEF x'.split(''));
    const text = fc.oneof(
      fc.array(chars, { maxLength: 24 }).map((a) => a.join('')),
      fc.tuple(fc.nat(300), fc.nat(300), fc.nat(300), fc.nat(300)).map((o) => o.join('.')),
      fc.ipV4(), fc.ipV6(), fc.string(),
    );
    fc.assert(fc.property(text, (s) => {
      expect(cleanIp(s)).toBe(reference(s));
    }), { numRuns: 5000 });
  });
});
