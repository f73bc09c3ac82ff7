import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { SourceName } from './deploy-settings.ts';
import { HoardwatchFunction } from './hoardwatch-function.ts';
import { acknowledge, nagArn } from './nag-acknowledgements.ts';

/** What each vendor's secret must hold (documented in README too). */
export const SECRET_SHAPES: Record<SourceName, string> = {
  salesforce: '{"loginUrl":"https://<MyDomain>.my.salesforce.com","clientId":"…","clientSecret":"…"} (or "username" + "privateKey" for JWT bearer)',
  m365: '{"tenantId":"<GUID>","clientId":"…","clientSecret":"…"}',
  slack: '{"token":"xoxp-…"}',
  'google-workspace': '{"client_email":"…@….iam.gserviceaccount.com","private_key":"-----BEGIN PRIVATE KEY-----…","subject":"<admin>@<domain>"} (the service account key file\'s fields plus the admin to act as)',
  okta: '{"orgUrl":"https://<org>.okta.com","apiToken":"…"} (or "clientId" + "privateKey" [+ "keyId"] for an OAuth service app with okta.logs.read)',
};

/**
 * One source's collector: its Lambda on an EventBridge Scheduler schedule (bounded retries, DLQ), its secret, and
 * permissions scoped to its own raw prefix, its own checkpoint/lease items, the handoff queue and its secret.
 * Collectors do not read the Hoardwatch config (only detection does), so none is shipped to them.
 */
export class Collector extends Construct {
  readonly fn: HoardwatchFunction;
  readonly scheduleDlq: sqs.Queue;
  readonly secret: secretsmanager.ISecret;

  constructor(scope: Construct, id: string, props: {
    source: SourceName;
    schedule: string;
    timeoutMinutes: number;
    secretArn?: string;
    key: kms.IKey;
    bucket: s3.IBucket;
    table: dynamodb.ITable;
    queue: sqs.IQueue;
  }) {
    super(scope, id);
    const { source } = props;
    this.secret = props.secretArn
      ? secretsmanager.Secret.fromSecretCompleteArn(this, 'Secret', props.secretArn)
      : new secretsmanager.Secret(this, 'Secret', {
          description: `Hoardwatch ${source} credentials: ${SECRET_SHAPES[source]}`,
          encryptionKey: props.key,
        });
    if (!props.secretArn) {
      Validations.of(this.secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason: 'Vendor credentials (Slack user token, Entra client secret, Salesforce connected-app secret, Google service account key, Okta API token or service-app key) are issued and rotated in the vendor\'s console; Secrets Manager has no rotation function for them.',
      });
    }
    this.fn = new HoardwatchFunction(this, 'Function', {
      entry: `lambdas/collect-${source}.ts`,
      service: `collect-${source}`,
      timeout: Duration.minutes(props.timeoutMinutes),
      memoryMb: 1024,
      key: props.key,
      environment: {
        STATE_TABLE: props.table.tableName,
        RAW_BUCKET: props.bucket.bucketName,
        RAW_BUCKET_KMS_KEY_ARN: props.key.keyArn,
        HANDOFF_QUEUE_URL: props.queue.queueUrl,
        SOURCE_SECRET_ARN: this.secret.secretArn,
      },
    });
    const fn = this.fn.fn;
    this.secret.grantRead(fn);
    fn.addToRolePolicy(new iam.PolicyStatement({
      actions: ['s3:PutObject'],
      resources: [props.bucket.arnForObjects(`raw/source=${source}/*`)],
    }));
    props.key.grant(fn, 'kms:GenerateDataKey', 'kms:Decrypt');
    fn.addToRolePolicy(new iam.PolicyStatement({
      // Its checkpoint and lease, and its dedupe buckets (`checkpoint#<s>#dd#…`, read in batches).
      actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      resources: [props.table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`checkpoint#${source}`, `checkpoint#${source}#dd#*`, `lease#${source}`] } },
    }));
    props.queue.grantSendMessages(fn);

    this.scheduleDlq = new sqs.Queue(this, 'ScheduleDlq', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(fn, {
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]': 'CDK grant for sending to the KMS-encrypted handoff queue (SQS encrypts each message with a data key of the sender); scoped to the stack key\'s ARN.',
      'AwsSolutions-IAM5[Action::kms:ReEncrypt*]': 'Part of the same CDK grant for sending to the KMS-encrypted handoff queue; scoped to the stack key\'s ARN.',
      [`AwsSolutions-IAM5[Resource::${nagArn(props.bucket)}/raw/source=${source}/*]`]: `Writes new batch objects under its own source prefix only (raw/source=${source}/…); object keys are generated per run.`,
    });
    acknowledge(this.scheduleDlq, {
      'AwsSolutions-SQS3': 'This queue is itself the dead-letter queue of the EventBridge Scheduler target.',
    });
    const scheduleRole = this.scheduleRole(props.key);
    new scheduler.Schedule(this, 'Schedule', {
      description: `Hoardwatch ${source} collection`,
      schedule: scheduler.ScheduleExpression.expression(props.schedule),
      target: new targets.LambdaInvoke(fn, {
        role: scheduleRole,
        // A failed run resumes from its checkpoint on the next tick; two retries cover transient invoke errors.
        retryAttempts: 2,
        maxEventAge: Duration.minutes(30),
        deadLetterQueue: this.scheduleDlq,
      }),
    });
    acknowledge(scheduleRole, {
      [`AwsSolutions-IAM5[Resource::${nagArn(fn)}:*]`]: `EventBridge Scheduler may invoke the ${source} collector function (any version) and nothing else.`,
    });
  }

  /**
   * The role the schedule runs as: assumable only by EventBridge Scheduler for this account's default schedule group.
   * It invokes the collector and, when the invoke keeps failing, sends to the dead-letter queue; that queue is
   * encrypted with the stack key, and SQS encrypts with the sender's own permissions (kms:GenerateDataKey, and
   * kms:Decrypt for the reused data key), so the role holds both, only through SQS.
   */
  private scheduleRole(key: kms.IKey): iam.Role {
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'ScheduleRole', {
      description: 'EventBridge Scheduler: invoke the collector, dead-letter to its encrypted queue',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': stack.account,
            'aws:SourceArn': stack.formatArn({ service: 'scheduler', resource: 'schedule-group', resourceName: 'default' }),
          },
        },
      }),
    });
    role.addToPolicy(new iam.PolicyStatement({
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `sqs.${stack.region}.${stack.urlSuffix}` } },
    }));
    return role;
  }
}
