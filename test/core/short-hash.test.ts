import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shortHash } from '../../lib/core/short-hash.ts';

describe('shortHash', () => {
  it('is 11 base-36 characters and the same for the same string', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => {
      expect(shortHash(s)).toMatch(/^[0-9a-z]{11}$/);
      expect(shortHash(s)).toBe(shortHash(`${s}`));
    }));
  });

  it('tells apart 100,000 similar file URLs', () => {
    const keys = new Set<string>();
    for (let i = 0; i < 100_000; i++) keys.add(shortHash(`https://contoso.sharepoint.com/sites/finance/Shared Documents/q${i}.xlsx`));
    expect(keys.size).toBe(100_000);
  });

  it('differs for strings that differ in one character or in order', () => {
    expect(shortHash('abc')).not.toBe(shortHash('abd'));
    expect(shortHash('ab')).not.toBe(shortHash('ba'));
    expect(shortHash('')).not.toBe(shortHash(' '));
  });
});
