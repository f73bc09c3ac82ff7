import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sfId18, sfIdOrRaw } from '../../../../lib/core/normalize/salesforce/sf-id.ts';

describe('sfId18', () => {
  it('appends the case-safe checksum to a 15-char id', () => {
    // chunk "005Ak": A at position 3 → 8 → I; "00000" → A; "XyZab": X (1) + Z (4) → 5 → F
    expect(sfId18('005Ak00000XyZab')).toBe('005Ak00000XyZabIAF');
    // all-upper chunks set all five bits → '5'
    expect(sfId18('ABCDEABCDEABCDE')).toBe('ABCDEABCDEABCDE555');
    expect(sfId18('000000000000000')).toBe('000000000000000AAA');
  });

  it('keeps a valid 18-char id and maps both forms of one id to the same value', () => {
    expect(sfId18('005Ak00000XyZabIAF')).toBe('005Ak00000XyZabIAF');
    expect(sfId18('005Ak00000XyZab')).toBe(sfId18('005Ak00000XyZabIAF'));
  });

  it('restores case of an 18-char id that was lower-cased by a case-insensitive store', () => {
    expect(sfId18('005ak00000xyzabiaf')).toBe('005Ak00000XyZabIAF');
  });

  it('trims whitespace', () => {
    expect(sfId18(' 005Ak00000XyZab ')).toBe('005Ak00000XyZabIAF');
  });

  it('rejects what is not an id', () => {
    for (const bad of ['', 'abc', '005Ak00000XyZa', '005Ak00000XyZabI', '005Ak00000XyZ-b', '005Ak00000XyZab999', null, 42, undefined]) {
      expect(sfId18(bad)).toBeUndefined();
    }
  });

  it('recomputes the suffix of an 18-char id whose suffix is impossible for its characters', () => {
    // suffix '5' marks all five chars upper-case, but they are digits
    expect(sfId18('000000000000000555')).toBe('000000000000000AAA');
  });

  it('property: 15-char ids keep their prefix, the result is a fixed point, lower-casing does not change it', () => {
    const alnum = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split(''));
    fc.assert(fc.property(fc.array(alnum, { minLength: 15, maxLength: 15 }).map((a) => a.join('')), (id15) => {
      const id18 = sfId18(id15);
      expect(id18).toBeDefined();
      expect(id18!.slice(0, 15)).toBe(id15);
      expect(sfId18(id18)).toBe(id18);
      expect(sfId18(id18!.toLowerCase())).toBe(id18);
      expect(sfId18(id18!.toUpperCase())).toBe(id18);
    }));
  });

  it('property: accepts exactly the 15- and 18-char id shapes', () => {
    const shape = /^[A-Za-z0-9]{15}(?:[A-Za-z0-5]{3})?$/;
    const chars = fc.constantFrom(...'aZ059-_ é'.split(''));
    fc.assert(fc.property(fc.array(chars, { minLength: 14, maxLength: 19 }).map((a) => a.join('')), (s) => {
      expect(sfId18(s) !== undefined).toBe(shape.test(s.trim()));
    }), { numRuns: 5000 });
  });

  it('sfIdOrRaw keeps non-ids as given', () => {
    expect(sfIdOrRaw('XXXX-anonymized')).toBe('XXXX-anonymized');
    expect(sfIdOrRaw('005Ak00000XyZab')).toBe('005Ak00000XyZabIAF');
    expect(sfIdOrRaw(undefined)).toBeUndefined();
  });
});
