import { describe, expect, it } from 'vitest';
import type { BatchReport } from '../../../bench/measure/hoardwatch-result.ts';
import { summarizeMemory, summarizeStateOps, throughput, workerRatioBound } from '../../../bench/report/figures.ts';

const batch = (over: Partial<BatchReport>): BatchReport => ({
  key: 'k', records: 1000, events: 1000, rejected: 0, alerts: 0, principals: 100, identities: 100, itemReads: 201, itemWrites: 101,
  profileWrites: 100, itemPuts: 101, identityWrites: 0, readUnits: 201, writeUnits: 300, jsonReadUnits: 201, jsonWriteUnits: 300, meanItemBytes: 2000, maxItemBytes: 5000, seconds: 1,
  stateLoadMs: 10, stateSaveMs: 20, rssAfterMiB: 100, liveHeapAfterMiB: 50, liveHeapAtLoadMiB: 80,
  liveHeapJudgedMiB: 120, ...over,
});

describe('figures', () => {
  it('gives events/s and uncompressed MiB/s', () => {
    expect(throughput(1000, 2 * 1024 * 1024, 0.5)).toEqual({ events: 1000, seconds: 0.5, eventsPerSecond: 2000, mibPerSecond: 4 });
  });

  it('relates state items to distinct principals per batch', () => {
    const s = summarizeStateOps([batch({}), batch({ principals: 50, identities: 50, itemReads: 101, itemWrites: 151, itemPuts: 151, profileWrites: 50, events: 5000 })]);
    expect(s.meanPrincipals).toBe(75);
    expect(s.maxOpsPerPrincipal).toBeCloseTo(252 / 50);
    expect(s.meanOpsPerPrincipal).toBeCloseTo((302 / 100 + 252 / 50) / 2);
    expect(s.maxProfileOpsPerPrincipal).toBe(2);
    expect(s.maxRequestsPerPrincipal).toBeCloseTo((2 + 151) / 50);
    expect(s.meanEventsPerPrincipal).toBe((10 + 100) / 2);
    expect(s.readUnits).toBe(402);
    expect(s.unchangedWrites).toBe(0);
    expect(s.stateSaveSeconds).toBeCloseTo(0.04);
  });

  it('counts requests on the items put: items found unchanged are handed to save but not written', () => {
    const s = summarizeStateOps([batch({ itemWrites: 101, itemPuts: 41 }), batch({ itemWrites: 101, itemPuts: 61 })]);
    expect(s.meanItemWrites).toBe(101);
    expect(s.meanItemPuts).toBe(51);
    expect(s.unchangedWrites).toBe(100);
    expect(s.maxRequestsPerPrincipal).toBeCloseTo((3 + 61) / 100);
  });

  it('reads RSS and the live heap after the first, middle and last batch', () => {
    const m = summarizeMemory([100, 200, 300, 400, 500].map((rss) => batch({ key: `k${rss}`, rssAfterMiB: rss, liveHeapAfterMiB: rss / 10, liveHeapAtLoadMiB: rss === 300 ? 90 : 20, liveHeapJudgedMiB: rss / 2 })), 600, 300);
    expect(m).toEqual({
      maxRssMiB: 600, heapUsedMaxMiB: 300, rssAfterFirstMiB: 100, rssAfterMiddleMiB: 300, rssAfterLastMiB: 500,
      liveHeapMaxMiB: 50, liveHeapAfterFirstMiB: 10, liveHeapAfterLastMiB: 50,
      liveHeapAtLoadMaxMiB: 90, liveHeapAtLoadMaxBatch: { key: 'k300', principals: 100, events: 1000 }, liveHeapJudgedMaxMiB: 250,
    });
    expect(summarizeMemory([batch({})], 1, 1, 384).heapLimitMiB).toBe(384);
  });
});

describe('workerRatioBound', () => {
  it('bounds N workers by the cores one worker already keeps busy', () => {
    // One worker at 1.5 cores on 2: two workers reach at most 2 / 1.5 of its rate, a ratio of 2/3.
    expect(workerRatioBound(1.5, 2, 2)).toBeCloseTo(2 / 3);
    expect(workerRatioBound(1.5, 4, 4)).toBeCloseTo(2 / 3);
    // Cores to spare: nothing but the work itself bounds it.
    expect(workerRatioBound(1.2, 2, 16)).toBe(1);
    expect(workerRatioBound(1, 2, 2)).toBe(1);
  });
});
