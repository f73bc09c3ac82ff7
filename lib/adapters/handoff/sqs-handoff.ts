import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { createHash } from 'node:crypto';
import type { HandoffPort } from '../../sources/ports.ts';
import { parseS3Uri } from '../batches/s3-uri.ts';
import { HandoffMessageSchema } from './handoff-message.ts';
import type { HandoffMessage } from './handoff-message.ts';

export class HandoffError extends Error {
  constructor(readonly key: string, options?: ErrorOptions) {
    super(`handing off batch ${key} failed`, options);
    this.name = 'HandoffError';
  }
}

/** Same batch key, same id: a re-sent notification (collector retry) is dropped by SQS within its 5-minute window. */
export const deduplicationId = (key: string): string => createHash('sha256').update(key).digest('hex');

/**
 * SQS FIFO handoff: one message per batch, grouped by source so each source's batches are detected in
 * collection order, deduplicated by a hash of the batch key.
 */
export class SqsHandoff implements HandoffPort {
  constructor(private readonly client: SQSClient, private readonly queueUrl: string) {}

  async notify(msg: { source: string; uri: string; key: string; seq: number; runId: string }): Promise<void> {
    const body: HandoffMessage = HandoffMessageSchema.parse({ bucket: parseS3Uri(msg.uri).bucket, key: msg.key, seq: msg.seq, source: msg.source });
    try {
      await this.client.send(new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(body),
        MessageGroupId: body.source,
        MessageDeduplicationId: deduplicationId(body.key),
      }));
    } catch (err) {
      throw new HandoffError(msg.key, { cause: err });
    }
  }
}
