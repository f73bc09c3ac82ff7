import { randomUUID } from 'node:crypto';
import type { Alert } from '../../core/alert.ts';
import type { AlertArchive, AlertCopy } from './alert-archive.ts';
import type { AlertPublisher } from './alert-publisher.ts';
import { applyEscalation } from '../../core/alert-escalation.ts';
import type { AlertEscalation } from '../../core/correlation.ts';
import type { AlertStore, ClaimedAlert } from './alert-store.ts';

export interface AlertDelivery {
  store: AlertStore;
  archive?: AlertArchive;
  publisher: AlertPublisher;
  /** Publish attempts (claims) of one alert version before it is parked with its last error (default 5). */
  maxAttempts?: number;
  now?: () => number;
}

export const DEFAULT_MAX_ATTEMPTS = 5;

export interface DeliveryOutcome {
  /** Published (and marked sent, unless an update superseded the version sent meanwhile). */
  published: string[];
  /** Already recorded earlier (re-delivered batch): not published again. */
  duplicates: string[];
  /** Publish failed: left unsent for `republishUnsent`, or parked when out of attempts. */
  failed: { id: string; error: unknown }[];
  /** Taken out of the retries with their reason: out of attempts, or a record that cannot be read. */
  parked: { id: string; reason: string }[];
  /** Not published here: another invocation holds the claim, or it was sent or parked meanwhile. */
  skipped: { id: string; why: string }[];
  /** Age of the oldest alert waiting to be sent when the retry looked (republishUnsent only). */
  unsentAgeSeconds?: number;
}

const emptyOutcome = (): DeliveryOutcome => ({ published: [], duplicates: [], failed: [], parked: [], skipped: [] });

/**
 * Record (DynamoDB; the S3 copy first when the record must be trimmed) before publishing, mark sent after. A
 * duplicate record publishes nothing; an update publishes again. Only a failure to record throws: then nothing
 * was promised and the caller's retry records it again.
 */
export async function deliverAlerts(alerts: readonly Alert[], d: AlertDelivery): Promise<DeliveryOutcome> {
  return publishRecorded(await recordAlerts(alerts, d), d);
}

export interface RecordedAlerts {
  /** Recorded for the first time. */
  fresh: Alert[];
  /** A higher update number of an alert recorded before: to be published again. */
  updates: Alert[];
  /** Ids whose version was recorded before. */
  duplicates: string[];
}

/**
 * The recorded alerts a batch's escalations raise (a fact that came after them: see correlation.ts), as updates to
 * record and publish like any other. An escalation of an alert no longer recorded (expired) has nothing to update.
 */
export async function escalatedAlerts(escalations: readonly AlertEscalation[], d: AlertDelivery): Promise<Alert[]> {
  const out: Alert[] = [];
  for (const e of escalations) {
    const recorded = await d.store.get(e.id);
    // A chain joining an alert already at Tier 2 is news too: it is republished with the chain in its evidence.
    const chainNews = e.chain !== undefined && JSON.stringify(recorded?.evidence.chain) !== JSON.stringify(e.chain);
    if (recorded && (recorded.escalation.tier < e.tier || chainNews)) out.push(applyEscalation(recorded, e));
  }
  return out;
}

/** First half of delivery: record each alert (a detector calls this before saving state, so none can be lost). */
export async function recordAlerts(alerts: readonly Alert[], d: AlertDelivery): Promise<RecordedAlerts> {
  const out: RecordedAlerts = { fresh: [], updates: [], duplicates: [] };
  for (const alert of alerts) {
    const r = await d.store.record(alert);
    if (r === 'fresh') out.fresh.push(alert);
    else if (r === 'update') out.updates.push(alert);
    else out.duplicates.push(alert.id);
  }
  return out;
}

/** Second half: publish what was freshly recorded (claimed first: a concurrent retry may be at it already). */
export async function publishRecorded(recorded: RecordedAlerts, d: AlertDelivery): Promise<DeliveryOutcome> {
  const outcome = emptyOutcome();
  outcome.duplicates.push(...recorded.duplicates);
  const owner = randomUUID();
  for (const alert of [...recorded.fresh, ...recorded.updates]) await claimAndSend(alert.id, d, owner, outcome);
  return outcome;
}

/**
 * Publishes alerts recorded but not sent (a crash, an SNS failure, or a concurrent claim that died), oldest first.
 * Records that cannot be read are parked by the store and reported here, never retried.
 */
export async function republishUnsent(d: AlertDelivery, limit = 50): Promise<DeliveryOutcome> {
  const outcome = emptyOutcome();
  const scan = await d.store.unsent(limit);
  outcome.parked.push(...scan.malformed);
  const now = (d.now ?? Date.now)();
  outcome.unsentAgeSeconds = scan.oldestRecordedAt === undefined ? 0 : Math.max(0, (now - scan.oldestRecordedAt) / 1000);
  const owner = randomUUID();
  for (const e of scan.entries) await claimAndSend(e.id, d, owner, outcome);
  return outcome;
}

async function claimAndSend(id: string, d: AlertDelivery, owner: string, outcome: DeliveryOutcome): Promise<void> {
  const c = await d.store.claim(id, owner);
  if ('refused' in c) {
    outcome.skipped.push({ id, why: c.refused });
    return;
  }
  const claimed = c.claimed;
  const max = d.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  // Claims that never came back (the invocation died while publishing, e.g. out of memory) count too.
  if (claimed.attempts > max) {
    await settleFailure(id, d, owner, outcome, new Error(`not sent after ${claimed.attempts - 1} attempts`), true);
    return;
  }
  try {
    await d.publisher.publish(claimed.alert, { fullCopy: await fullCopy(claimed, d.archive), trimmed: claimed.trimmed });
  } catch (error) {
    await settleFailure(id, d, owner, outcome, error, claimed.attempts >= max);
    return;
  }
  await d.store.markSent(id, owner, claimed.update);
  outcome.published.push(id);
}

/**
 * Every published alert has its S3 copy: written (again, idempotently) before each publish attempt, except for a
 * trimmed record, whose full copy was written when it was recorded and must not be overwritten by the trimmed one.
 */
async function fullCopy(c: ClaimedAlert, archive: AlertArchive | undefined): Promise<AlertCopy | undefined> {
  if (!archive) return undefined;
  if (c.trimmed) return c.archiveKey ? archive.copyAt(c.archiveKey) : undefined;
  return archive.put(c.alert);
}

async function settleFailure(id: string, d: AlertDelivery, owner: string, outcome: DeliveryOutcome, error: unknown, park: boolean): Promise<void> {
  const reason = error instanceof Error ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}` : String(error);
  outcome.failed.push({ id, error });
  try {
    await d.store.release(id, owner, reason, park);
  } catch (releaseError) {
    // The claim then goes stale and a later retry takes it: reported, not thrown, so other alerts still go out.
    outcome.failed.push({ id, error: releaseError });
    return;
  }
  if (park) outcome.parked.push({ id, reason });
}
