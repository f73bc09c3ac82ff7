import { SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { HandoffError, SqsHandoff, deduplicationId } from '../../../lib/adapters/handoff/sqs-handoff.ts';
import { HandoffMessageSchema } from '../../../lib/adapters/handoff/handoff-message.ts';
import { startFakeSqs } from './fake-sqs-server.ts';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((s) => s()));
});

async function setup(failFirst = 0) {
  const sqs = await startFakeSqs({ failFirst });
  stops.push(sqs.stop);
  const client = new SQSClient({ endpoint: sqs.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
  stops.push(async () => client.destroy());
  return { sqs, handoff: new SqsHandoff(client, `${sqs.endpoint}/000000000000/hoardwatch-batches.fifo`) };
}

const key = 'raw/source=salesforce/stream=elf:Report/dt=2026-11-22/hour=03/run-1-000004.ndjson.gz';

describe('SqsHandoff', () => {
  it('sends {bucket, key, seq, source} to the FIFO queue, grouped by source and deduplicated by key', async () => {
    const { sqs, handoff } = await setup();
    await handoff.notify({ source: 'salesforce', uri: `s3://raw-bucket/${key}`, key, seq: 4, runId: 'run-1' });
    await handoff.notify({ source: 'salesforce', uri: `s3://raw-bucket/${key}`, key, seq: 4, runId: 'run-2' });
    expect(sqs.requests).toHaveLength(2);
    const [first, second] = sqs.requests.map((r) => r.body);
    expect(first!.QueueUrl).toBe(`${sqs.endpoint}/000000000000/hoardwatch-batches.fifo`);
    expect(HandoffMessageSchema.parse(JSON.parse(String(first!.MessageBody)))).toEqual({ bucket: 'raw-bucket', key, seq: 4, source: 'salesforce' });
    expect(JSON.parse(String(first!.MessageBody))).not.toHaveProperty('runId');
    expect(first!.MessageGroupId).toBe('salesforce');
    expect(first!.MessageDeduplicationId).toMatch(/^[0-9a-f]{64}$/);
    // The same batch re-sent by a retried run carries the same dedupe id, so SQS drops it.
    expect(second!.MessageDeduplicationId).toBe(first!.MessageDeduplicationId);
    expect(deduplicationId(key.replace('000004', '000005'))).not.toBe(first!.MessageDeduplicationId);
  });

  it('raises HandoffError naming the batch when SQS refuses', async () => {
    const { handoff } = await setup(1);
    const err = await handoff.notify({ source: 'slack', uri: `s3://raw-bucket/${key}`, key, seq: 1, runId: 'r' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HandoffError);
    expect((err as Error).message).toContain(key);
  });
});
