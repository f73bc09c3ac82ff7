import type { RunSummary } from './collector.ts';

/** One collection-health figure of a run (CloudWatch metric in the Lambda, a line of `collect --status` locally). */
export interface HealthFigure {
  name: HealthMetric;
  unit: 'Count' | 'Seconds';
  value: number;
}

/** Metric names; lib/infra/collection-alarms.ts alarms on them. */
export const HealthMetric = {
  CollectedRecords: 'CollectedRecords',
  CollectedBatches: 'CollectedBatches',
  DuplicatesDropped: 'DuplicatesDropped',
  LateArrivals: 'LateArrivals',
  OffContractRecords: 'OffContractRecords',
  SkippedPastRetention: 'SkippedPastRetention',
  /** now − newest event time ever written. */
  NewestEventAgeSeconds: 'NewestEventAgeSeconds',
  /** now − the time up to which the vendor was read completely: how far behind the collector is. */
  CollectionLagSeconds: 'CollectionLagSeconds',
  BudgetExhausted: 'BudgetExhausted',
  VendorQuotaStopped: 'VendorQuotaStopped',
  VendorRetries: 'VendorRetries',
  LeaseHeld: 'LeaseHeld',
} as const;
export type HealthMetric = (typeof HealthMetric)[keyof typeof HealthMetric];

/** Every figure of a run; ages only when known, and never negative. */
export function healthFigures(s: RunSummary, nowMs: number): HealthFigure[] {
  const c = (name: HealthMetric, value: number): HealthFigure => ({ name, unit: 'Count', value });
  const out = [
    c(HealthMetric.CollectedRecords, s.envelopes),
    c(HealthMetric.CollectedBatches, s.batches),
    c(HealthMetric.DuplicatesDropped, s.duplicatesDropped),
    c(HealthMetric.LateArrivals, s.lateArrivals),
    c(HealthMetric.OffContractRecords, s.offContract),
    c(HealthMetric.SkippedPastRetention, s.retentionSkips),
    c(HealthMetric.BudgetExhausted, s.status === 'budget-exhausted' ? 1 : 0),
    c(HealthMetric.VendorQuotaStopped, s.status === 'vendor-quota' ? 1 : 0),
    c(HealthMetric.VendorRetries, s.retries),
    c(HealthMetric.LeaseHeld, s.status === 'lease-held' ? 1 : 0),
  ];
  const age = (name: HealthMetric, at: number | undefined): void => {
    if (at !== undefined) out.push({ name, unit: 'Seconds', value: Math.max(0, Math.round((nowMs - at) / 1000)) });
  };
  age(HealthMetric.NewestEventAgeSeconds, s.newestEventMs);
  age(HealthMetric.CollectionLagSeconds, s.readThroughMs);
  return out;
}
