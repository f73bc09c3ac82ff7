import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Operational alarms, all routed to the ops topic: a silent collector is a blind detector. */
export class OpsAlarms extends Construct {
  private readonly action: actions.SnsAction;

  constructor(scope: Construct, id: string, props: { ops: sns.ITopic }) {
    super(scope, id);
    this.action = new actions.SnsAction(props.ops);
  }

  private add(
    id: string, metric: cloudwatch.IMetric, threshold: number, description: string,
    missing = cloudwatch.TreatMissingData.NOT_BREACHING,
    comparisonOperator = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  ): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, { metric, threshold, evaluationPeriods: 1, alarmDescription: description, comparisonOperator, treatMissingData: missing });
    alarm.addAlarmAction(this.action);
    return alarm;
  }

  functionErrors(id: string, fn: lambda.IFunction, what: string): cloudwatch.Alarm {
    return this.add(id, fn.metricErrors({ period: Duration.minutes(15) }), 1, `${what} failed: check its logs; the next run resumes from its checkpoint.`);
  }

  queueDepth(id: string, queue: sqs.IQueue, what: string): cloudwatch.Alarm {
    return this.add(id, queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }), 1, `${what} has messages: work that failed repeatedly and needs a look.`);
  }

  /** A collector that stopped running (schedule disabled or broken) collects nothing and errors nowhere. */
  collectorSilent(id: string, fn: lambda.IFunction, source: string, maxMinutes: number): cloudwatch.Alarm {
    return this.add(id, fn.metricInvocations({ period: Duration.minutes(maxMinutes), statistic: 'Sum' }), 1,
      `${source}: the collector has not run for ${maxMinutes} min.`, cloudwatch.TreatMissingData.BREACHING, cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD);
  }

  /** Detection behind collection (detect's Powertools metric `LagBehindCollectionSeconds`, service=detect). */
  detectLag(id: string, maxMinutes: number): cloudwatch.Alarm {
    const metric = new cloudwatch.Metric({
      namespace: 'Hoardwatch', metricName: 'LagBehindCollectionSeconds', dimensionsMap: { service: 'detect' },
      statistic: 'Maximum', period: Duration.minutes(15),
    });
    return this.add(id, metric, maxMinutes * 60, `Detection is more than ${maxMinutes} min behind collection: check the handoff queue and the detect function.`);
  }
}
