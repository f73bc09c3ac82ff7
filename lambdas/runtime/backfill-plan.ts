import { PutObjectCommand, paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { s3Client } from '../../lib/adapters/aws-clients.ts';
import { createLogger, type HoardwatchLogger } from '../../lib/adapters/logging/logger.ts';
import { BackfillPlanEnvSchema, readEnv } from './lambda-env.ts';

/**
 * What the backfill state machine (lib/infra/backfill.ts) passes: its execution name, and its own input, where an
 * operator may narrow the replay to one source (`{"prefix": "raw/source=slack/"}`).
 */
export const BackfillPlanEventSchema = z.object({
  run: z.string().regex(/^[^\s/\\]{1,80}$/, 'expected a Step Functions execution name'),
  input: z.object({
    prefix: z.string().regex(/^raw\/([^/]+\/)*$/, 'expected raw/ or a folder under it, ending in /').default('raw/'),
  }).loose().prefault({}),
});

/** The plan, small enough for the state (the manifests themselves are in S3). */
export interface BackfillPlan {
  bucket: string;
  /** `backfill/<run>/`: `hour-<n>.json` for n = 0 … hours-1 in time order, `plan.json`, and `failed/` records. */
  prefix: string;
  hours: number;
  batches: number;
  /** Keys under the prefix without a `dt=…/hour=…` collection hour: not batches, not replayed. */
  skipped: number;
  first?: string;
  last?: string;
}

/** Batch keys carry their collection hour: `raw/source=<s>/stream=<st>/dt=YYYY-MM-DD/hour=HH/<run>-<seq>.ndjson.gz`. */
const HOUR = /\/dt=(\d{4}-\d{2}-\d{2})\/hour=([01]\d|2[0-3])\//;

/**
 * Lists every batch under the prefix and writes one manifest per collection hour, hours numbered in time order across
 * all sources and streams (S3 lists one stream's whole history before the next). The state machine replays hour n
 * only after hour n-1 has finished. Keys are held in memory (~200 bytes each), never capped.
 */
export async function planBackfill(
  event: unknown,
  deps: { s3: S3Client; bucket: string; kmsKeyId?: string; writeConcurrency?: number; pageSize?: number },
): Promise<BackfillPlan> {
  const { run, input } = BackfillPlanEventSchema.parse(event);
  const byHour = new Map<string, string[]>();
  let skipped = 0;
  for await (const page of paginateListObjectsV2({ client: deps.s3, ...(deps.pageSize ? { pageSize: deps.pageSize } : {}) }, { Bucket: deps.bucket, Prefix: input.prefix })) {
    for (const { Key } of page.Contents ?? []) {
      const m = Key ? HOUR.exec(Key) : null;
      if (!Key || !m) {
        skipped++;
        continue;
      }
      const hour = `${m[1]}T${m[2]}`;
      const keys = byHour.get(hour);
      if (keys) keys.push(Key);
      else byHour.set(hour, [Key]);
    }
  }
  const hours = [...byHour.keys()].sort(); // ISO date + hour: lexical order is time order
  const prefix = `backfill/${run}/`;
  const put = (key: string, body: unknown) => deps.s3.send(new PutObjectCommand({
    Bucket: deps.bucket, Key: key, Body: JSON.stringify(body), ContentType: 'application/json',
    ...(deps.kmsKeyId ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: deps.kmsKeyId } : {}),
  }));
  await forEachLimited(hours, deps.writeConcurrency ?? 16, async (hour, n) => {
    // Within an hour any order will do: live detection interleaves the streams of an hour too.
    await put(`${prefix}hour-${n}.json`, byHour.get(hour)!.sort().map((Key) => ({ Key })));
  });
  const batches = hours.reduce((sum, h) => sum + byHour.get(h)!.length, 0);
  const plan: BackfillPlan = {
    bucket: deps.bucket, prefix, hours: hours.length, batches, skipped,
    ...(hours.length ? { first: hours[0]!, last: hours[hours.length - 1]! } : {}),
  };
  await put(`${prefix}plan.json`, { ...plan, source: input.prefix, hourList: hours.map((hour, n) => ({ n, hour, batches: byHour.get(hour)!.length })) });
  return plan;
}

/** Runs `fn` over `items` with at most `limit` at a time; the first failure rejects (the run is retried whole). */
async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export function createBackfillPlanHandler(deps: { env?: NodeJS.ProcessEnv; s3?: S3Client; log?: HoardwatchLogger } = {}) {
  const log = deps.log ?? createLogger('backfill-plan');
  return async (event: unknown): Promise<BackfillPlan> => {
    const env = readEnv(BackfillPlanEnvSchema, deps.env ?? process.env);
    const plan = await planBackfill(event, {
      s3: deps.s3 ?? s3Client(), bucket: env.RAW_BUCKET, ...(env.RAW_BUCKET_KMS_KEY_ARN ? { kmsKeyId: env.RAW_BUCKET_KMS_KEY_ARN } : {}),
    });
    log.logger.info('backfill planned', { ...plan });
    return plan;
  };
}
