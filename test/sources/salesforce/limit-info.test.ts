import { describe, expect, it } from 'vitest';
import { parseLimitInfo, quotaLow } from '../../../lib/sources/salesforce/limit-info.ts';

describe('Sforce-Limit-Info', () => {
  it('reads api-usage with or without api-bursts', () => {
    expect(parseLimitInfo('api-usage=10018/100000')).toEqual({ used: 10018, max: 100000 });
    expect(parseLimitInfo('api-usage=5/15000; api-bursts=1/750')).toEqual({ used: 5, max: 15000 });
    expect(parseLimitInfo(undefined)).toBeUndefined();
    expect(parseLimitInfo('garbage')).toBeUndefined();
  });

  it('says the quota is low only below the reserve', () => {
    expect(quotaLow({ used: 89_999, max: 100_000 }, 10)).toBe(false);
    expect(quotaLow({ used: 90_001, max: 100_000 }, 10)).toBe(true);
    expect(quotaLow(undefined, 10)).toBe(false);
  });
});
