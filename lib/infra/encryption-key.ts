import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** The actions CloudWatch Logs documents for a log-group key (encrypt on ingest, decrypt on read, describe). */
export const LOGS_KEY_ACTIONS = ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'];

/**
 * One customer-managed key (rotated yearly) for the raw logs, state, queues, topics, secrets and log groups of this
 * deployment. Roles of this stack get the key through their IAM policies (the key policy delegates to the account);
 * the key policy itself names only the AWS services that use the key as their own principal, each bound to this
 * account's resources:
 * - CloudWatch Logs (`logs.<region>`), for the encrypted log groups: without it log group creation fails and the
 *   stack rolls back (aws-cdk#28304). Step Functions' vended log delivery writes through CloudWatch Logs, so the
 *   backfill log group needs nothing more.
 * - CloudWatch alarms (`cloudwatch`), publishing to the encrypted ops topic ({@link allowAlarmNotifications}).
 * SNS and EventBridge Scheduler need no key-policy grant here: no topic delivers to an encrypted queue, schedules use
 * the AWS-owned key, and a schedule's dead-letter delivery runs as its own role (granted in collector.ts).
 */
export class EncryptionKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'Hoardwatch data at rest: raw audit logs, state, handoff queue, alert topics, log groups',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    const { account, partition, region, urlSuffix } = Stack.of(this);
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'CloudWatchLogsForThisAccountsLogGroups',
      principals: [new iam.ServicePrincipal(`logs.${region}.${urlSuffix}`)],
      actions: LOGS_KEY_ACTIONS,
      resources: ['*'],
      conditions: {
        // The encryption context names the log group: only log groups of this account and region.
        ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:*` },
        // CloudWatch Logs documents only the encryption-context condition for log-group keys; checking the source
        // account wherever it is sent keeps a log-group key usable if a request omits it (a deploy would fail).
        StringEqualsIfExists: { 'aws:SourceAccount': account },
      },
    }));
  }

  /**
   * CloudWatch alarms publish to an encrypted topic with the `cloudwatch` service principal, which needs the key
   * (SNS "compatibility between event sources from AWS services and encrypted topics"): only for alarms named
   * `alarmNamePrefix*` of this account publishing to `topicArn`.
   */
  allowAlarmNotifications(props: { topicArn: string; alarmNamePrefix: string }): void {
    const { account, partition, region } = Stack.of(this);
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'CloudWatchAlarmsToTheOpsTopic',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'aws:SourceAccount': account, 'kms:EncryptionContext:aws:sns:topicArn': props.topicArn },
        ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${account}:alarm:${props.alarmNamePrefix}*` },
      },
    }));
  }
}
