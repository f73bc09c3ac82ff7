import { Duration } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * Collector → detector handoff: SQS FIFO, message group = source, so one source's batches are detected in order.
 * A batch that keeps failing lands in the DLQ after 5 receives (alarmed) instead of blocking its group forever.
 */
export class HandoffQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly dlq: sqs.Queue;
  /** How long a received batch stays invisible: a batch older than this has failed at least once. */
  readonly visibilityTimeout: Duration;

  constructor(scope: Construct, id: string, props: { key: kms.IKey; detectTimeout: Duration }) {
    super(scope, id);
    // AWS guidance: visibility ≥ 6 × the consumer's timeout.
    this.visibilityTimeout = Duration.seconds(props.detectTimeout.toSeconds() * 6);
    this.dlq = new sqs.Queue(this, 'Dlq', {
      fifo: true,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      fifo: true,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      visibilityTimeout: this.visibilityTimeout,
      retentionPeriod: Duration.days(14),
      deadLetterQueue: { queue: this.dlq, maxReceiveCount: 5 },
    });
  }
}
