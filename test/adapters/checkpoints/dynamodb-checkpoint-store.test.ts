import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3BatchSink } from '../../../lib/adapters/batches/s3-batch-sink.ts';
import { DynamoDbCheckpointStore } from '../../../lib/adapters/checkpoints/dynamodb-checkpoint-store.ts';
import { ItemTooLargeError } from '../../../lib/adapters/checkpoints/dynamodb-item-bytes.ts';
import { DynamoDbDedupeBackend } from '../../../lib/adapters/dedupe/dynamodb-dedupe-backend.ts';
import type { Envelope } from '../../../lib/core/envelope.ts';
import type { BatchSink } from '../../../lib/sources/ports.ts';
import { CheckpointConflictError } from '../../../lib/sources/ports.ts';
import { runPullLoop } from '../../../lib/sources/run/runner.ts';
import type { PullLoop, PullStep } from '../../../lib/sources/run/collector.ts';
import { startDynamoDbLocal } from '../../support/dynamodb-local.ts';
import type { DynamoDbLocal } from '../../support/dynamodb-local.ts';
import { startS3rver } from '../../support/s3rver.ts';
import type { S3rverHandle } from '../../support/s3rver.ts';

const NOW = Date.parse('2026-11-22T03:00:00Z');
let ddb: DynamoDbLocal;
let s3: S3rverHandle;
beforeAll(async () => {
  // One after the other: a failed start must leave the started server assigned, so afterAll stops it.
  ddb = await startDynamoDbLocal();
  s3 = await startS3rver(['raw']);
});
afterAll(async () => {
  await Promise.all([ddb?.stop(), s3?.stop()]);
});

async function store(): Promise<DynamoDbCheckpointStore> {
  return new DynamoDbCheckpointStore({ table: await ddb.createStateTable(), doc: ddb.doc });
}

describe('DynamoDbCheckpointStore checkpoints', () => {
  it('stores cursors conditionally on the version read', async () => {
    const s = await store();
    expect(await s.get('slack')).toBeNull();
    expect(await s.put('slack', { oldest: 1 }, 0)).toBe(1);
    await expect(s.put('slack', { oldest: 99 }, 0)).rejects.toBeInstanceOf(CheckpointConflictError);
    expect(await s.put('slack', { oldest: 2 }, 1)).toBe(2);
    await expect(s.put('slack', { oldest: 99 }, 1)).rejects.toBeInstanceOf(CheckpointConflictError);
    expect(await s.get('slack')).toEqual({ cursor: { oldest: 2 }, version: 2 });
    expect(await s.get('m365')).toBeNull(); // per source
  });
});

describe('DynamoDbCheckpointStore item budget', () => {
  it('refuses a checkpoint over 350 KB as DynamoDB counts it, before the write, and keeps the stored one', async () => {
    const s = await store();
    await s.put('slack', { watermark: 1 }, 0);
    const huge = { seen: Object.fromEntries(Array.from({ length: 9000 }, (_, i) => [`0b1c2d3e-aaaa-bbbb-cccc-${String(i).padStart(12, '0')}`, 1_795_000_000])) };
    const err = await s.put('slack', huge, 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ItemTooLargeError);
    expect((err as ItemTooLargeError).bytes).toBeGreaterThan(350_000);
    expect(await s.get('slack')).toEqual({ cursor: { watermark: 1 }, version: 1 });
  });
});

describe('DynamoDbCheckpointStore leases', () => {
  it('gives a live lease to one owner only; the same owner renews; an expired one can be taken', async () => {
    const s = await store();
    expect(await s.acquireLease('m365', 'run-a', 60_000, NOW)).toBe(true);
    expect(await s.acquireLease('m365', 'run-b', 60_000, NOW + 1_000)).toBe(false);
    expect(await s.acquireLease('m365', 'run-a', 60_000, NOW + 2_000)).toBe(true); // renew: now until NOW + 62 s
    expect(await s.acquireLease('m365', 'run-b', 60_000, NOW + 61_000)).toBe(false);
    expect(await s.acquireLease('slack', 'run-b', 60_000, NOW)).toBe(true); // another source's lease is separate
    expect(await s.acquireLease('m365', 'run-b', 60_000, NOW + 62_000)).toBe(true); // expired: taken over
    // The old owner's release must not free the new owner's lease.
    await s.releaseLease('m365', 'run-a');
    expect(await s.acquireLease('m365', 'run-c', 60_000, NOW + 63_000)).toBe(false);
    await s.releaseLease('m365', 'run-b');
    expect(await s.acquireLease('m365', 'run-c', 60_000, NOW + 63_000)).toBe(true);
  });

  it('lets exactly one of many concurrent runs take a free lease', async () => {
    const s = await store();
    const owners = Array.from({ length: 12 }, (_, n) => `run-${n}`);
    const results = await Promise.all(owners.map((o) => s.acquireLease('salesforce', o, 60_000, NOW)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe('collector runner over S3 + DynamoDB', () => {
  const env = (id: string): Envelope => ({ v: 1, source: 'slack', stream: 'audit', id, fetchedAt: '2026-11-22T03:00:00Z', record: { id } });
  const loop: PullLoop<{ page: number }> = {
    source: 'slack',
    cursorSchema: z.object({ page: z.number() }),
    async *pull(cursor): AsyncIterable<PullStep<{ page: number }>> {
      for (let page = (cursor?.page ?? 0) + 1; page <= 3; page++) yield { stream: 'audit', envelopes: [env(`e${page}`)], cursor: { page } };
    },
    retries: () => 0,
  };

  it('checkpoints a page only after its batch is durable in S3', async () => {
    const table = await ddb.createStateTable();
    const checkpoints = new DynamoDbCheckpointStore({ table, doc: ddb.doc });
    const real = new S3BatchSink({ client: s3.client, bucket: 'raw' });
    let writes = 0;
    // The second batch write fails (S3 outage): its cursor must not be checkpointed.
    const flaky: BatchSink = {
      write: async (key, envs) => {
        if (++writes === 2) throw new Error('S3 unavailable');
        return real.write(key, envs);
      },
    };
    const clock = { now: () => NOW };
    const dedupe = new DynamoDbDedupeBackend({ table, doc: ddb.doc, source: 'slack' });
    await expect(runPullLoop(loop, { sink: flaky, checkpoints, dedupe, clock, newRunId: () => 'run1' })).rejects.toThrow('S3 unavailable');
    const after = await checkpoints.get<{ cursor: { page: number }; pending?: { key: string } }>('slack');
    expect(after?.cursor.cursor).toEqual({ page: 1 });
    const pendingKey = after?.cursor.pending?.key;
    expect(pendingKey).toMatch(/run1-000002\.ndjson\.gz$/);
    await expect(s3.client.send(new HeadObjectCommand({ Bucket: 'raw', Key: pendingKey }))).rejects.toThrow();
    // The lease was released despite the failure: the next run resumes, rewriting the pending key first.
    const summary = await runPullLoop(loop, { sink: real, checkpoints, dedupe, clock, newRunId: () => 'run2' });
    expect(summary.keys[0]).toBe(pendingKey);
    expect((await checkpoints.get<{ cursor: { page: number } }>('slack'))?.cursor.cursor).toEqual({ page: 3 });
    const obj = await s3.client.send(new GetObjectCommand({ Bucket: 'raw', Key: pendingKey }));
    const lines = gunzipSync(Buffer.from(await obj.Body!.transformToByteArray())).toString().trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as Envelope).id)).toEqual(['e2']);
  });
});
