import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../lib/sources/run/collector.ts';
import { healthFigures, HealthMetric } from '../../../lib/sources/run/health.ts';

const base: RunSummary = {
  source: 'salesforce', runId: 'r', status: 'completed', pages: 3, records: 10, batches: 2, envelopes: 7, duplicatesDropped: 3,
  lateArrivals: 1, offContract: 2, retentionSkips: 1, newestEventMs: 1_000_000, readThroughMs: 1_600_000, retries: 4, durationMs: 5, cursor: null, cursorText: '', keys: [],
};
const figure = (s: RunSummary, name: string) => healthFigures(s, 2_000_000).find((f) => f.name === name)?.value;

describe('collection health figures', () => {
  it('gives lag, newest event age, volume, duplicates, late arrivals, skips and off-contract counts of a run', () => {
    expect(figure(base, HealthMetric.CollectionLagSeconds)).toBe(400);
    expect(figure(base, HealthMetric.NewestEventAgeSeconds)).toBe(1000);
    expect(figure(base, HealthMetric.CollectedRecords)).toBe(7);
    expect(figure(base, HealthMetric.DuplicatesDropped)).toBe(3);
    expect(figure(base, HealthMetric.LateArrivals)).toBe(1);
    expect(figure(base, HealthMetric.SkippedPastRetention)).toBe(1);
    expect(figure(base, HealthMetric.OffContractRecords)).toBe(2);
    expect(figure(base, HealthMetric.VendorRetries)).toBe(4);
  });

  it('counts budget-exhausted and quota-stopped runs, and leaves ages out when unknown', () => {
    expect(figure({ ...base, status: 'budget-exhausted' }, HealthMetric.BudgetExhausted)).toBe(1);
    expect(figure({ ...base, status: 'vendor-quota' }, HealthMetric.VendorQuotaStopped)).toBe(1);
    expect(figure(base, HealthMetric.BudgetExhausted)).toBe(0);
    expect(figure({ ...base, readThroughMs: undefined, newestEventMs: undefined }, HealthMetric.CollectionLagSeconds)).toBeUndefined();
    expect(figure({ ...base, newestEventMs: 5_000_000 }, HealthMetric.NewestEventAgeSeconds)).toBe(0);
  });
});
