import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Context } from 'aws-lambda';
import { dynamoDocumentClient, s3Client, secretsClient, sqsClient } from '../../lib/adapters/aws-clients.ts';
import { S3BatchSink } from '../../lib/adapters/batches/s3-batch-sink.ts';
import { DynamoDbCheckpointStore } from '../../lib/adapters/checkpoints/dynamodb-checkpoint-store.ts';
import { DynamoDbDedupeBackend } from '../../lib/adapters/dedupe/dynamodb-dedupe-backend.ts';
import { SqsHandoff } from '../../lib/adapters/handoff/sqs-handoff.ts';
import { createLogger } from '../../lib/adapters/logging/logger.ts';
import type { HoardwatchLogger } from '../../lib/adapters/logging/logger.ts';
import { createMetrics, recordHealth } from '../../lib/adapters/logging/metrics.ts';
import type { Source } from '../../lib/core/event.ts';
import type { Redactor } from '../../lib/sources/http/redact.ts';
import type { Collector, RunSummary } from '../../lib/sources/run/collector.ts';
import { healthFigures } from '../../lib/sources/run/health.ts';
import { CollectEnvSchema, readEnv } from './lambda-env.ts';
import { SecretCache, secretToEnv } from './source-secret.ts';

/**
 * Builds a vendor collector from env-style settings (the vendor module's `collectorFromEnv`). `redactor` is the
 * logger's: tokens the collector obtains at run time are added to it, so no log line can carry them.
 */
export type CollectorBuilder = (env: Record<string, string | undefined>, opts: { fetch?: typeof fetch; log: (line: string) => void; redactor: Redactor }) => Collector;

export interface CollectDeps {
  env: NodeJS.ProcessEnv;
  doc: DynamoDBDocumentClient;
  s3: S3Client;
  sqs: SQSClient;
  secrets: SecretsManagerClient;
  log: HoardwatchLogger;
  /** Vendor HTTP transport (tests point it at local fakes through the env's base-URL overrides instead). */
  fetch?: typeof fetch;
}

export type CollectResult = Omit<RunSummary, 'cursor' | 'keys'>;

/** Room left after the pull loop stops, for the last page's S3 write, checkpoint and handoff. */
export function budgetFor(remainingMs: number): number {
  return Math.max(1_000, remainingMs - Math.min(60_000, remainingMs * 0.25));
}

/**
 * The scheduled collector: secret (cached per container, redacted from logs), collector from the vendor module,
 * S3 sink + DynamoDB checkpoints/lease + SQS handoff, time budget from the Lambda's remaining time.
 */
export function createCollectHandler(source: Source, build: CollectorBuilder, deps: Partial<CollectDeps> = {}) {
  const log = deps.log ?? createLogger(`collect-${source}`);
  let cache: SecretCache | undefined;
  return async (_event: unknown, context: Pick<Context, 'getRemainingTimeInMillis'>): Promise<CollectResult> => {
    const env = readEnv(CollectEnvSchema, deps.env ?? process.env);
    const metrics = createMetrics(`collect-${source}`);
    cache ??= new SecretCache(deps.secrets ?? secretsClient());
    try {
      const secret = secretToEnv(source, await cache.get(env.SOURCE_SECRET_ARN));
      log.addSecrets(secret.values);
      const collector = build({ ...(deps.env ?? process.env), ...secret.env }, {
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
        log: (line) => log.logger.info(line),
        redactor: log.redactor,
      });
      const doc = deps.doc ?? dynamoDocumentClient();
      const s3 = deps.s3 ?? s3Client();
      const summary = await collector.runOnce({
        sink: new S3BatchSink({ client: s3, bucket: env.RAW_BUCKET, ...(env.RAW_BUCKET_KMS_KEY_ARN ? { kmsKeyId: env.RAW_BUCKET_KMS_KEY_ARN } : {}) }),
        checkpoints: new DynamoDbCheckpointStore({ table: env.STATE_TABLE, doc }),
        dedupe: new DynamoDbDedupeBackend({ table: env.STATE_TABLE, doc, source }),
        handoff: new SqsHandoff(deps.sqs ?? sqsClient(), env.HANDOFF_QUEUE_URL),
        budgetMs: budgetFor(context.getRemainingTimeInMillis()),
        log: (line) => log.logger.info(line),
      });
      const { cursor: _cursor, keys, ...result } = summary;
      // Collection health per run (lag, volume, duplicates, late arrivals, retention skips, budget and quota stops):
      // lib/infra/collection-alarms.ts alarms on these.
      recordHealth(metrics, healthFigures(summary, Date.now()));
      log.logger.info('collection run finished', { ...result, firstKey: keys[0], lastKey: keys.at(-1) });
      return result;
    } catch (err) {
      log.logger.error('collection run failed', err as Error);
      throw err;
    } finally {
      metrics.publishStoredMetrics();
    }
  };
}
