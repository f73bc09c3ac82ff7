import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/adapters/logging/logger.ts';
import { batchKey } from '../../lib/core/envelope.ts';
import { createBackfillPlanHandler, planBackfill } from '../../lambdas/runtime/backfill-plan.ts';
import { startS3rver, type S3rverHandle } from '../support/s3rver.ts';

let s3: S3rverHandle;
beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  s3 = await startS3rver(['raw', 'big']);
});
afterAll(async () => s3?.stop());

const put = (bucket: string, key: string) => s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'x' }));
const read = async (bucket: string, key: string): Promise<unknown> =>
  JSON.parse(await (await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString());
const key = (source: string, stream: string, iso: string, seq = 1) => batchKey(source, stream, new Date(iso), `run${iso.slice(11, 13)}`, seq);

describe('planBackfill', () => {
  // S3 lists these source by source, stream by stream: slack's June batch comes last, m365's July 2 batch first.
  const keys = {
    m365Jul1: key('m365', 'Audit.General', '2026-07-01T10:05:00Z'),
    m365Jul2: key('m365', 'Audit.General', '2026-07-02T09:05:00Z'),
    elfJul1: key('salesforce', 'elf:API', '2026-07-01T09:35:00Z'),
    rtemJul1: key('salesforce', 'rtem:ApiEvent', '2026-07-01T10:20:00Z'),
    rtemJul1b: key('salesforce', 'rtem:ApiEvent', '2026-07-01T10:50:00Z', 2),
    slackJun30: key('slack', 'audit', '2026-06-30T23:45:00Z'),
    slackJul1: key('slack', 'audit', '2026-07-01T10:15:00Z'),
  };
  beforeAll(async () => {
    await Promise.all([...Object.values(keys), 'raw/README.txt', 'quarantine/x.ndjson.gz'].map((k) => put('raw', k)));
  });

  it('writes one manifest per collection hour, in time order across sources and streams, over many list pages', async () => {
    const plan = await planBackfill({ run: 'exec-1', input: {} }, { s3: s3.client, bucket: 'raw', pageSize: 2, kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/k' });
    expect(plan).toEqual({ bucket: 'raw', prefix: 'backfill/exec-1/', hours: 4, batches: 7, skipped: 1, first: '2026-06-30T23', last: '2026-07-02T09' });
    const hour = (n: number) => read('raw', `backfill/exec-1/hour-${n}.json`);
    expect(await hour(0)).toEqual([{ Key: keys.slackJun30 }]);
    expect(await hour(1)).toEqual([{ Key: keys.elfJul1 }]);
    expect(await hour(2)).toEqual([keys.m365Jul1, keys.rtemJul1, keys.rtemJul1b, keys.slackJul1].sort().map((Key) => ({ Key })));
    expect(await hour(3)).toEqual([{ Key: keys.m365Jul2 }]);
    expect(await read('raw', 'backfill/exec-1/plan.json')).toMatchObject({
      source: 'raw/', hours: 4, hourList: [
        { n: 0, hour: '2026-06-30T23', batches: 1 }, { n: 1, hour: '2026-07-01T09', batches: 1 },
        { n: 2, hour: '2026-07-01T10', batches: 4 }, { n: 3, hour: '2026-07-02T09', batches: 1 },
      ],
    });
  });

  it('narrows to one source with the execution input, and plans nothing for an empty prefix', async () => {
    const slack = await planBackfill({ run: 'exec-2', input: { prefix: 'raw/source=slack/' } }, { s3: s3.client, bucket: 'raw' });
    expect(slack).toMatchObject({ hours: 2, batches: 2, skipped: 0, first: '2026-06-30T23', last: '2026-07-01T10' });
    const none = await planBackfill({ run: 'exec-3', input: { prefix: 'raw/source=none/' } }, { s3: s3.client, bucket: 'raw' });
    expect(none).toEqual({ bucket: 'raw', prefix: 'backfill/exec-3/', hours: 0, batches: 0, skipped: 0 });
  });

  it('refuses a prefix outside raw/ and a run name that would leave backfill/<run>/', async () => {
    await expect(planBackfill({ run: 'exec-4', input: { prefix: 'quarantine/' } }, { s3: s3.client, bucket: 'raw' })).rejects.toThrow(/expected raw\//);
    await expect(planBackfill({ run: '../raw', input: {} }, { s3: s3.client, bucket: 'raw' })).rejects.toThrow(/execution name/);
  });

  it('has no count cap: 360 batches over 30 hours, listed 50 a page, all planned', async () => {
    const many = Array.from({ length: 360 }, (_, i) =>
      key(['m365', 'salesforce', 'slack'][i % 3]!, 's', new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 12) * 3_600_000).toISOString(), i));
    for (let i = 0; i < many.length; i += 60) await Promise.all(many.slice(i, i + 60).map((k) => put('big', k)));
    const plan = await planBackfill({ run: 'exec-5', input: {} }, { s3: s3.client, bucket: 'big', pageSize: 50 });
    expect(plan).toMatchObject({ hours: 30, batches: 360, skipped: 0, first: '2026-01-01T00', last: '2026-01-02T05' });
    const last = (await read('big', 'backfill/exec-5/hour-29.json')) as { Key: string }[];
    expect(last).toHaveLength(12);
    expect(last.every((k) => k.Key.includes('/dt=2026-01-02/hour=05/'))).toBe(true);
  });

  it('the handler plans the bucket named in its environment', async () => {
    const handler = createBackfillPlanHandler({ env: { RAW_BUCKET: 'raw' }, s3: s3.client, log: createLogger('test') });
    expect(await handler({ run: 'exec-6', input: { prefix: 'raw/source=m365/' } })).toMatchObject({ bucket: 'raw', hours: 2, batches: 2 });
  });
});
