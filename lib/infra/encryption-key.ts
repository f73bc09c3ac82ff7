import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** One customer-managed key (rotated yearly) for the raw logs, state, queues and topics of this deployment. */
export class EncryptionKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'Hoardwatch data at rest: raw audit logs, state, handoff queue, alert topics',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    // SNS and EventBridge Scheduler/CloudWatch publish into encrypted topics and queues.
    for (const service of ['sns.amazonaws.com', 'cloudwatch.amazonaws.com', 'scheduler.amazonaws.com']) {
      this.key.grant(new iam.ServicePrincipal(service), 'kms:Decrypt', 'kms:GenerateDataKey*');
    }
  }
}
