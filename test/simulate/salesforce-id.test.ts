import { describe, expect, it } from 'vitest';
import { toId18 } from '../../lib/simulate/salesforce-id.ts';

describe('toId18', () => {
  it('adds the case-safe suffix Salesforce computes', () => {
    // Pairs as Salesforce shows them (DESIGN.md's alert example; the classic Account id from Salesforce docs).
    expect(toId18('0055e000008hWkz')).toBe('0055e000008hWkzAAE');
    expect(toId18('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
    expect(toId18('00000000000000A')).toBe('00000000000000AAAQ');
    expect(toId18('AAAAAAAAAAAAAAA')).toBe('AAAAAAAAAAAAAAA555');
  });

  it('rejects ids that are not 15 chars', () => {
    expect(() => toId18('0055e000008hWkzAAE')).toThrow(RangeError);
  });
});
