import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/**
 * Alerts go to one KMS-encrypted topic carrying the alert JSON and the attributes severity, technique, tier, source.
 * Plain e-mail subscribers get everything; Tier-2 subscribers use a filter policy on `tier`. Alarms go to an ops topic.
 */
export class AlertTopics extends Construct {
  readonly alerts: sns.Topic;
  readonly ops: sns.Topic;
  /** The ops topic's ARN spelled from its fixed name, so the key policy can name it without a reference cycle. */
  readonly opsTopicArn: string;

  constructor(scope: Construct, id: string, props: {
    key: kms.IKey; alertEmails: string[]; tier2Emails: string[]; opsEmails: string[];
    /** Alarms named `<prefix>*` of this account may publish to the ops topic. */
    alarmNamePrefix: string;
  }) {
    super(scope, id);
    const stack = Stack.of(this);
    const opsTopicName = `${stack.stackName}-ops`;
    this.opsTopicArn = stack.formatArn({ service: 'sns', resource: opsTopicName, arnFormat: ArnFormat.NO_RESOURCE_NAME });
    this.alerts = new sns.Topic(this, 'Alerts', { displayName: 'Hoardwatch alerts', masterKey: props.key, enforceSSL: true });
    this.ops = new sns.Topic(this, 'Ops', { topicName: opsTopicName, displayName: 'Hoardwatch operations', masterKey: props.key, enforceSSL: true });
    // The topic policy (TLS only) replaces SNS's default policy, so CloudWatch alarms need their own allowance.
    this.ops.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'CloudWatchAlarmsOfThisStack',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [this.ops.topicArn],
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:${props.alarmNamePrefix}*` },
      },
    }));
    for (const e of props.alertEmails) this.alerts.addSubscription(new subs.EmailSubscription(e));
    for (const e of props.tier2Emails) {
      this.alerts.addSubscription(new subs.EmailSubscription(e, {
        filterPolicy: { tier: sns.SubscriptionFilter.stringFilter({ allowlist: ['2'] }) },
      }));
    }
    for (const e of props.opsEmails) this.ops.addSubscription(new subs.EmailSubscription(e));
  }
}
