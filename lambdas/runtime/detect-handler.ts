import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { DynamoDbAlertStore } from '../../lib/adapters/alerts/dynamodb-alert-store.ts';
import type { AlertDelivery } from '../../lib/adapters/alerts/deliver-alerts.ts';
import { republishUnsent } from '../../lib/adapters/alerts/deliver-alerts.ts';
import { S3AlertArchive } from '../../lib/adapters/alerts/s3-alert-archive.ts';
import { SnsAlertPublisher } from '../../lib/adapters/alerts/sns-alert-publisher.ts';
import { dynamoDocumentClient, s3Client, snsClient } from '../../lib/adapters/aws-clients.ts';
import { S3BatchSource } from '../../lib/adapters/batches/s3-batch-source.ts';
import { writeQuarantine } from '../../lib/adapters/batches/s3-quarantine-writer.ts';
import { HandoffMessageSchema, type HandoffMessage } from '../../lib/adapters/handoff/handoff-message.ts';
import { createLogger } from '../../lib/adapters/logging/logger.ts';
import type { HoardwatchLogger } from '../../lib/adapters/logging/logger.ts';
import { MetricName, count, createMetrics, seconds } from '../../lib/adapters/logging/metrics.ts';
import { DynamoDbBatchLedger } from '../../lib/adapters/state/dynamodb-batch-ledger.ts';
import { DynamoDbState } from '../../lib/adapters/state/dynamodb-state.ts';
import { DynamoDbUsernameBook } from '../../lib/adapters/state/dynamodb-username-book.ts';
import type { Config } from '../../lib/core/config.ts';
import type { DetectEnv } from './lambda-env.ts';
import { loadDetectConfig } from './detect-config.ts';
import { DetectEnvSchema, readEnv } from './lambda-env.ts';
import { detectObject } from './detect-object.ts';
import { detectGroup } from './detect-group.ts';
import type { DetectObjectDeps, DetectObjectSummary } from './detect-object.ts';

export interface DetectDeps {
  env: NodeJS.ProcessEnv;
  doc: DynamoDBDocumentClient;
  s3: S3Client;
  sns: SNSClient;
  now: () => number;
  log: HoardwatchLogger;
  /** A fresh Metrics per invocation (EMF on stdout); tests hand in their own to read what was counted. */
  metrics: (service: string) => Metrics;
}

/** A Step Functions Distributed Map item over an S3 listing (`{Key, …}`) or an explicit `{bucket, key}`. */
const BackfillItemSchema = z.union([
  z.object({ bucket: z.string().min(1), key: z.string().min(1) }),
  z.object({ Key: z.string().min(1) }).loose(),
]);

interface Wired {
  env: DetectEnv;
  config: Config;
  delivery: AlertDelivery;
  objectDeps: Omit<DetectObjectDeps, 'metrics'>;
}

/**
 * The detect Lambda's two entries. Adapters are wired once per container; each invocation first retries alerts
 * that were recorded but never published, then detects its batches.
 */
export function createDetectHandlers(deps: Partial<DetectDeps> = {}) {
  const log = deps.log ?? createLogger('detect');
  const now = deps.now ?? Date.now;
  const newMetrics = deps.metrics ?? createMetrics;
  let wired: Wired | undefined;
  const wire = (): Wired => {
    if (wired) return wired;
    const env = readEnv(DetectEnvSchema, deps.env ?? process.env);
    const doc = deps.doc ?? dynamoDocumentClient();
    const s3 = deps.s3 ?? s3Client();
    const target = { client: s3, ...(env.RAW_BUCKET_KMS_KEY_ARN ? { kmsKeyId: env.RAW_BUCKET_KMS_KEY_ARN } : {}) };
    const archive = new S3AlertArchive({ ...target, bucket: env.RAW_BUCKET });
    const delivery: AlertDelivery = {
      store: new DynamoDbAlertStore({ table: env.STATE_TABLE, doc, now, archive }),
      archive,
      publisher: new SnsAlertPublisher(deps.sns ?? snsClient(), env.ALERT_TOPIC_ARN),
      now,
    };
    const config = loadDetectConfig(env);
    wired = {
      env,
      config,
      delivery,
      objectDeps: {
        state: new DynamoDbState({ table: env.STATE_TABLE, doc, now }),
        ledger: new DynamoDbBatchLedger({ table: env.STATE_TABLE, doc, now }),
        usernames: new DynamoDbUsernameBook({ table: env.STATE_TABLE, doc, now }),
        warn: (message, data) => log.logger.warn(message, data),
        config,
        now,
        sourceFor: (bucket) => new S3BatchSource(s3, bucket),
        quarantine: (bucket, key, lines) => writeQuarantine({ ...target, bucket }, key, lines),
        delivery,
      },
    };
    return wired;
  };

  const retryUnsent = async (w: Wired, metrics: Metrics): Promise<void> => {
    try {
      const out = await republishUnsent(w.delivery);
      count(metrics, MetricName.AlertsPublished, out.published.length);
      count(metrics, MetricName.AlertPublishFailures, out.failed.length);
      count(metrics, MetricName.AlertsParked, out.parked.length);
      seconds(metrics, MetricName.UnsentAgeSeconds, out.unsentAgeSeconds ?? 0);
      if (out.published.length || out.failed.length || out.parked.length) {
        log.logger.info('re-published unsent alerts', { published: out.published, failed: out.failed.map((f) => f.id), parked: out.parked });
      }
    } catch (err) {
      // Detection must not wait on a retry of older alerts; they stay unsent for the next invocation.
      log.logger.warn('re-publishing unsent alerts failed', err as Error);
    }
  };

  /**
   * SQS FIFO → partial batch response. A source's messages (one FIFO group) are detected together (detectGroup);
   * after a failure, the rest of that source's messages fail too (order).
   */
  const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const w = wire();
    const metrics = newMetrics('detect');
    const failures: { itemIdentifier: string }[] = [];
    const groups = new Map<string, SQSRecord[]>();
    for (const record of event.Records) {
      const group = record.attributes.MessageGroupId ?? '';
      const records = groups.get(group) ?? [];
      records.push(record);
      groups.set(group, records);
    }
    try {
      await retryUnsent(w, metrics);
      for (const records of groups.values()) {
        // The first unreadable message ends what this invocation detects of its group.
        const messages: HandoffMessage[] = [];
        for (const record of records) {
          try {
            messages.push(HandoffMessageSchema.parse(JSON.parse(record.body)));
          } catch (err) {
            log.logger.error('batch failed', { messageId: record.messageId, body: record.body.slice(0, 500), error: err as Error });
            break;
          }
        }
        const out = await detectGroup(messages, { ...w.objectDeps, metrics }, (err) => {
          log.logger.warn('batches detected together failed; detecting them one at a time', { keys: messages.map((m) => m.key), error: err as Error });
        });
        for (const summary of out.summaries) log.logger.info('batch detected', { ...summary, source: messages[0]?.source });
        const failedAt = out.failedAt ?? messages.length;
        if (out.failedAt !== undefined) {
          const r = records[failedAt]!;
          log.logger.error('batch failed', { messageId: r.messageId, body: r.body.slice(0, 500), error: out.error as Error });
        }
        for (const r of records.slice(failedAt)) failures.push({ itemIdentifier: r.messageId });
      }
    } finally {
      // Every message handed back counts, those failed only to keep their group's order included: each is a batch
      // not detected this time. Zero is emitted too, so an alarm on the metric sees data every invocation.
      count(metrics, MetricName.BatchFailures, failures.length);
      metrics.publishStoredMetrics();
    }
    return { batchItemFailures: failures };
  };

  /** Step Functions Distributed Map item → one batch; throws so the Map's retry policy applies. */
  const backfillHandler = async (item: unknown): Promise<DetectObjectSummary> => {
    const w = wire();
    const metrics = newMetrics('backfill');
    try {
      await retryUnsent(w, metrics);
      const parsed = BackfillItemSchema.parse(item);
      const { bucket, key } = 'Key' in parsed ? { bucket: w.env.RAW_BUCKET, key: parsed.Key } : parsed;
      const summary = await detectObject(bucket, key, { ...w.objectDeps, metrics });
      log.logger.info('backfill batch detected', { ...summary });
      return summary;
    } catch (err) {
      log.logger.error('backfill batch failed', { item: JSON.stringify(item).slice(0, 500), error: err as Error });
      count(metrics, MetricName.BatchFailures, 1);
      throw err;
    } finally {
      metrics.publishStoredMetrics();
    }
  };

  return { handler, backfillHandler };
}
