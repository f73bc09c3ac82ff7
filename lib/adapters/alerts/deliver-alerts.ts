import type { Alert } from '../../core/alert.ts';
import type { AlertPublisher, AlertStore } from '../ports.ts';
import type { AlertArchive } from './alert-archive.ts';

export interface AlertDelivery {
  store: AlertStore;
  archive?: AlertArchive;
  publisher: AlertPublisher;
}

export interface DeliveryOutcome {
  /** Published and marked sent. */
  published: string[];
  /** Already recorded earlier (re-delivered batch): not published again. */
  duplicates: string[];
  /** Recorded but not published (archive or publish failed): left unsent for `republishUnsent`. */
  failed: { id: string; error: unknown }[];
}

/**
 * Record (DynamoDB, then the S3 copy) before publishing, mark sent after. A record that already exists is a
 * re-delivery and publishes nothing; a publish that fails leaves the alert unsent for a later retry. Only a
 * failure to record throws: then nothing was promised and the caller's retry records it again.
 */
export async function deliverAlerts(alerts: readonly Alert[], d: AlertDelivery): Promise<DeliveryOutcome> {
  return publishRecorded(await recordAlerts(alerts, d), d);
}

export interface RecordedAlerts {
  fresh: Alert[];
  duplicates: string[];
}

/** First half of delivery: record each alert (a detector calls this before saving state, so none can be lost). */
export async function recordAlerts(alerts: readonly Alert[], d: AlertDelivery): Promise<RecordedAlerts> {
  const out: RecordedAlerts = { fresh: [], duplicates: [] };
  for (const alert of alerts) {
    if ((await d.store.record(alert)) === 'exists') out.duplicates.push(alert.id);
    else out.fresh.push(alert);
  }
  return out;
}

/** Second half: publish the freshly recorded alerts; failures stay unsent for `republishUnsent`. */
export async function publishRecorded(recorded: RecordedAlerts, d: AlertDelivery): Promise<DeliveryOutcome> {
  const outcome: DeliveryOutcome = { published: [], duplicates: [...recorded.duplicates], failed: [] };
  for (const alert of recorded.fresh) await sendRecorded(alert, d, outcome);
  return outcome;
}

/** Publishes alerts recorded but never marked sent (a crash or an SNS failure after recording). */
export async function republishUnsent(d: AlertDelivery, limit = 50): Promise<DeliveryOutcome> {
  const outcome: DeliveryOutcome = { published: [], duplicates: [], failed: [] };
  for (const alert of await d.store.unsent(limit)) await sendRecorded(alert, d, outcome);
  return outcome;
}

async function sendRecorded(alert: Alert, d: AlertDelivery, outcome: DeliveryOutcome): Promise<void> {
  try {
    // The S3 copy is written (again, idempotently) before every publish attempt, so a published alert always has one.
    await d.archive?.put(alert);
    await d.publisher.publish(alert);
  } catch (error) {
    outcome.failed.push({ id: alert.id, error });
    return;
  }
  await d.store.markSent(alert.id);
  outcome.published.push(alert.id);
}
