import { describe, expect, it } from 'vitest';
import { anomalyDetails, anomalyReasons, anomalyTimestampMs } from '../../../../lib/core/normalize/slack/anomaly.ts';

describe('anomalyTimestampMs', () => {
  const ms = Date.UTC(2025, 10, 21, 4, 41, 7, 417);
  it('keeps ms, converts µs and seconds, and reads numeric strings', () => {
    expect(anomalyTimestampMs(ms)).toBe(ms);
    expect(anomalyTimestampMs(ms * 1000 + 999)).toBe(ms + 1);
    expect(anomalyTimestampMs(Math.floor(ms / 1000))).toBe(Math.floor(ms / 1000) * 1000);
    expect(anomalyTimestampMs(String(ms * 1000))).toBe(ms);
  });
  it('returns undefined for junk', () => {
    for (const v of [undefined, null, '', 'soon', -5, 0, Number.NaN, Infinity, {}]) expect(anomalyTimestampMs(v)).toBeUndefined();
  });
});

describe('anomalyReasons', () => {
  it('takes arrays and strings, drops non-strings, blanks and duplicates', () => {
    expect(anomalyReasons(['asn', 'ip_address', 'asn', 3, ''])).toEqual(['asn', 'ip_address']);
    expect(anomalyReasons('excessive_downloads')).toEqual(['excessive_downloads']);
    expect(anomalyReasons('tor, user_agent')).toEqual(['tor', 'user_agent']);
    expect(anomalyReasons(undefined)).toEqual([]);
  });
});

describe('anomalyDetails', () => {
  it('always yields a reasons list and drops an empty previous UA and a non-IP previous address', () => {
    expect(anomalyDetails(undefined)).toEqual({ reasons: [] });
    expect(anomalyDetails({ reason: ['session_fingerprint'], previous_ua: '', previous_ip_address: 'unknown' })).toEqual({ reasons: ['session_fingerprint'] });
  });
});
