import { describe, expect, it } from 'vitest';
import { slackContextFields, slackSessionId } from '../../../../lib/core/normalize/slack/context-fields.ts';

describe('slackSessionId', () => {
  it('stringifies integers, keeping beyond-2^53 values in plain decimal form', () => {
    expect(slackSessionId(913888259765)).toBe('913888259765');
    const big = JSON.parse('18446744073709551615') as number;
    expect(slackSessionId(big)).toBe(String(big));
    expect(slackSessionId(1e25)).toBe(BigInt(1e25).toString());
    expect(slackSessionId(1e25)).not.toContain('e');
  });
  it('passes digit strings through and drops null, blanks and non-integers', () => {
    expect(slackSessionId('18446744073709551615')).toBe('18446744073709551615');
    for (const v of [null, undefined, '', ' ', 'null', 1.5, -3, Number.NaN, {}]) expect(slackSessionId(v)).toBeUndefined();
  });
});

describe('slackContextFields', () => {
  it('flags loopback as server-side and drops an empty ua', () => {
    expect(slackContextFields({ ip_address: '127.0.0.1', ua: '', location: { id: 'T1' } })).toEqual({ tenant: 'T1', src: { ip: '127.0.0.1' }, serverSide: true });
  });
  it('cleans ports off addresses and yields no src when nothing is known', () => {
    expect(slackContextFields({ ip_address: '198.51.100.7:51000', ua: 'curl/8' }).src).toEqual({ ip: '198.51.100.7', ua: 'curl/8' });
    expect(slackContextFields(undefined)).toEqual({ serverSide: false });
  });
});
