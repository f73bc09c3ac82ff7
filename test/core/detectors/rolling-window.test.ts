import { describe, expect, it } from 'vitest';
import { WindowValue } from '../../../lib/core/detectors/rolling-window.ts';
import type { BucketSamples } from '../../../lib/core/principal-batch.ts';

/** A bucket's samples with these IPs (one kept as a string, more as a list, as PrincipalBatch keeps them). */
const ev = (ips: string[]): BucketSamples => ({ n: ips.length, s: [], ip: ips.length === 0 ? undefined : ips.length === 1 ? ips[0] : ips, ob: undefined });

describe('WindowValue.ips', () => {
  // Entries as rollingWindows makes them: this batch's buckets (evidence) and earlier batches' (IPs only), mixed.
  const entries = [
    { start: 0, value: 1, ...ev(['10.0.0.1', '10.0.0.2']) },
    { start: 1, value: 1, ips: ['10.0.0.9', '10.0.0.1'] },
    { start: 2, value: 1, ...ev(['10.0.0.2', '10.0.0.3']), ips: ['10.0.0.8'] },
    { start: 3, value: 1, ...ev([]) },
    { start: 4, value: 1, ...ev(['10.0.0.4', '10.0.0.5', '10.0.0.6']) },
    { start: 5, value: 1, ips: ['10.0.0.7'] },
  ];

  it('is evidence.ips (the first distinct IPs, this batch first, then earlier batches) for every range of entries', () => {
    let checked = 0;
    for (let from = 0; from <= entries.length; from++) {
      for (let to = from; to <= entries.length; to++) {
        const w = new WindowValue(0, 0, 1, 1, entries, from, to);
        expect(w.ips, `entries ${from}..${to}`).toEqual(w.evidence.ips);
        checked++;
      }
    }
    expect(checked).toBe(28);
    // The cap is reached and the order is that of the evidence: this batch's IPs before earlier batches'.
    expect(new WindowValue(0, 0, 1, 1, entries, 0, 6).ips).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5']);
    expect(new WindowValue(0, 0, 1, 1, entries, 1, 4).ips).toEqual(['10.0.0.2', '10.0.0.3', '10.0.0.9', '10.0.0.1', '10.0.0.8']);
  });
});
