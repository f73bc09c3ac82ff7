import { describe, expect, it } from 'vitest';
import { readSecurityEventData } from '../../../../lib/core/normalize/salesforce/security-event-data.ts';

describe('readSecurityEventData', () => {
  it('reads an array of features: row count, reasons by contribution (zero dropped), user agent', () => {
    const raw = JSON.stringify([
      { featureName: 'numberColumns', featureValue: '9', featureContribution: '4.00 %' },
      { featureName: 'rowCount', featureValue: '1200', featureContribution: '90.1 %' },
      { featureName: 'periodOfDay', featureValue: 'Night', featureContribution: '0.00 %' },
      { featureName: 'userAgent', featureValue: 'curl/8.5.0', featureContribution: '5.9 %' },
      'not a feature',
    ]);
    expect(readSecurityEventData(raw)).toEqual({ readable: true, rowCount: 1200, reasons: ['rowCount', 'userAgent', 'numberColumns'], userAgent: 'curl/8.5.0' });
  });

  it('reads an object with a rowCount-like key (any case)', () => {
    expect(readSecurityEventData('{"RowsProcessed": 31}')).toEqual({ readable: true, rowCount: 31 });
    expect(readSecurityEventData({ rowCount: '7' })).toEqual({ readable: true, rowCount: 7 });
  });

  it('keeps at most five reasons', () => {
    const raw = JSON.stringify(Array.from({ length: 9 }, (_, i) => ({ featureName: `f${i}`, featureValue: '1', featureContribution: `${i + 1} %` })));
    expect(readSecurityEventData(raw).reasons).toEqual(['f8', 'f7', 'f6', 'f5', 'f4']);
  });

  it('tolerates garbage and non-JSON values', () => {
    for (const raw of ['{"truncated', 'null', '42', '"text"', '', null, undefined, 5]) {
      const facts = readSecurityEventData(raw);
      expect(facts.rowCount).toBeUndefined();
      expect(facts.readable).toBe(false);
    }
  });

  it('ignores negative or non-numeric row counts', () => {
    expect(readSecurityEventData('{"rowCount": -3}').rowCount).toBeUndefined();
    expect(readSecurityEventData('[{"featureName":"rowCount","featureValue":"lots"}]').rowCount).toBeUndefined();
  });
});
