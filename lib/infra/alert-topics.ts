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

  constructor(scope: Construct, id: string, props: { key: kms.IKey; alertEmails: string[]; tier2Emails: string[]; opsEmails: string[] }) {
    super(scope, id);
    this.alerts = new sns.Topic(this, 'Alerts', { displayName: 'Hoardwatch alerts', masterKey: props.key, enforceSSL: true });
    this.ops = new sns.Topic(this, 'Ops', { displayName: 'Hoardwatch operations', masterKey: props.key, enforceSSL: true });
    for (const e of props.alertEmails) this.alerts.addSubscription(new subs.EmailSubscription(e));
    for (const e of props.tier2Emails) {
      this.alerts.addSubscription(new subs.EmailSubscription(e, {
        filterPolicy: { tier: sns.SubscriptionFilter.stringFilter({ allowlist: ['2'] }) },
      }));
    }
    for (const e of props.opsEmails) this.ops.addSubscription(new subs.EmailSubscription(e));
  }
}
