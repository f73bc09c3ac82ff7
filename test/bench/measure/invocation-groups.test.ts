import { describe, expect, it } from 'vitest';
import { invocationGroups } from '../../../bench/measure/invocation-groups.ts';

const key = (source: string, n: number) => `raw/source=${source}/stream=s/dt=2026-10-01/hour=00/bench-${n}.ndjson.gz`;

describe('invocationGroups', () => {
  it('takes each source\'s batches in order, k at a time, invocations in the order of their first batch', () => {
    const keys = [key('m365', 1), key('slack', 2), key('m365', 3), key('m365', 4), key('slack', 5), key('m365', 6)];
    expect(invocationGroups(keys, 2)).toEqual([[keys[0], keys[2]], [keys[1], keys[4]], [keys[3], keys[5]]]);
    expect(invocationGroups(keys, 1)).toEqual(keys.map((k) => [k]));
    expect(invocationGroups(keys, 10).flat().sort()).toEqual([...keys].sort());
  });
});
