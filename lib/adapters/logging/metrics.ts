import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import type { HealthFigure } from '../../sources/run/health.ts';

/** Namespace of every Hoardwatch metric (POWERTOOLS_METRICS_NAMESPACE overrides it, as the stack sets). */
export const METRICS_NAMESPACE = 'Hoardwatch';

/** The metrics the Lambdas emit (CloudWatch EMF on stdout, flushed by `publishStoredMetrics`). */
export const MetricName = {
  RecordsIn: 'RecordsIn',
  Rejects: 'Rejects',
  Alerts: 'Alerts',
  AlertsPublished: 'AlertsPublished',
  AlertPublishFailures: 'AlertPublishFailures',
  DuplicateAlerts: 'DuplicateAlerts',
  StateRetries: 'StateRetries',
  /** Detection time minus the batch's collection hour (from its key); vendor-event lag needs the batch's latest event time. */
  LagSeconds: 'LagBehindCollectionSeconds',
  /** One per SQS message (or backfill item) that failed and will be retried (or go to the DLQ). */
  BatchFailures: 'BatchFailures',
  /** Batches found in the processed-batch ledger: nothing detected or saved again. */
  BatchesAlreadyProcessed: 'BatchesAlreadyProcessed',
  /** State items left unwritten because they were over the item budget (the rest of the batch saved). */
  OversizeItems: 'OversizeItems',
  /** State items the core shed data from to fit their byte budget (oldest first; lib/core/item-budget.ts). */
  ItemsShed: 'ItemsShed',
  /** Alerts taken out of the publish retries: out of attempts, or an unreadable record. */
  AlertsParked: 'AlertsParked',
  /** Age of the oldest alert recorded but not yet published, when an invocation looked. */
  UnsentAgeSeconds: 'UnsentAgeSeconds',
  // Collectors: see HealthMetric in lib/sources/run/health.ts (CollectedRecords, CollectionLagSeconds, …).
} as const;
export type MetricNameValue = (typeof MetricName)[keyof typeof MetricName];

/** Collection-health figures of a run (lib/sources/run/health.ts), one metric each. */
export function recordHealth(m: Metrics, figures: readonly HealthFigure[]): void {
  for (const f of figures) m.addMetric(f.name, f.unit === 'Seconds' ? MetricUnit.Seconds : MetricUnit.Count, f.value);
}

export function createMetrics(serviceName?: string): Metrics {
  return new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE, ...(serviceName ? { serviceName } : {}) });
}

export const count = (m: Metrics, name: MetricNameValue, value: number): void => {
  m.addMetric(name, MetricUnit.Count, value);
};

export const seconds = (m: Metrics, name: MetricNameValue, value: number): void => {
  m.addMetric(name, MetricUnit.Seconds, value);
};
