import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

/** Every alarm of a stack is named `<stack>-<id>`: the ops topic and key policies admit exactly these alarms. */
export const alarmNamePrefix = (stackName: string): string => `${stackName}-`;

/** A Powertools metric of the Lambdas (lib/adapters/logging/metrics.ts): namespace Hoardwatch, dimension `service`. */
const hoardwatchMetric = (metricName: string, service: string, statistic: string, period: Duration): cloudwatch.Metric =>
  new cloudwatch.Metric({ namespace: 'Hoardwatch', metricName, dimensionsMap: { service }, statistic, period });

/** Operational alarms, all routed to the ops topic: a silent collector is a blind detector. */
export class OpsAlarms extends Construct {
  private readonly action: actions.SnsAction;
  private readonly prefix: string;

  constructor(scope: Construct, id: string, props: { ops: sns.ITopic }) {
    super(scope, id);
    this.action = new actions.SnsAction(props.ops);
    this.prefix = alarmNamePrefix(Stack.of(this).stackName);
  }

  private add(
    id: string, metric: cloudwatch.IMetric, threshold: number, description: string,
    missing = cloudwatch.TreatMissingData.NOT_BREACHING,
    comparisonOperator = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  ): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmName: `${this.prefix}${id}`, metric, threshold, evaluationPeriods: 1, alarmDescription: description, comparisonOperator, treatMissingData: missing,
    });
    alarm.addAlarmAction(this.action);
    return alarm;
  }

  functionErrors(id: string, fn: lambda.IFunction, what: string): cloudwatch.Alarm {
    return this.add(id, fn.metricErrors({ period: Duration.minutes(15) }), 1, `${what} failed: check its logs; the next run resumes from its checkpoint.`);
  }

  queueDepth(id: string, queue: sqs.IQueue, what: string): cloudwatch.Alarm {
    return this.add(id, queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }), 1, `${what} has messages: work that failed repeatedly and needs a look.`);
  }

  /**
   * A batch waiting longer than `maxAge` failed at least once (it waits a visibility timeout per attempt) or
   * detection is stalled: caught hours before the batch reaches the dead-letter queue.
   */
  queueAge(id: string, queue: sqs.IQueue, maxAge: Duration, what: string): cloudwatch.Alarm {
    return this.add(id, queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' }), maxAge.toSeconds(),
      `${what}: a message has waited more than ${maxAge.toMinutes()} min: a batch keeps failing or detection is stalled.`);
  }

  /** A collector that stopped running (schedule disabled or broken) collects nothing and errors nowhere. */
  collectorSilent(id: string, fn: lambda.IFunction, source: string, maxMinutes: number): cloudwatch.Alarm {
    return this.add(id, fn.metricInvocations({ period: Duration.minutes(maxMinutes), statistic: 'Sum' }), 1,
      `${source}: the collector has not run for ${maxMinutes} min.`, cloudwatch.TreatMissingData.BREACHING, cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD);
  }

  /**
   * Detection behind collection (detect's `LagBehindCollectionSeconds`, emitted per detected batch). One period spans
   * the whole allowed lag and missing data breaches: a stalled detector emits nothing, so "no batch detected for
   * `maxMinutes`" alarms as well as "a batch detected more than `maxMinutes` after its collection hour".
   */
  detectLag(id: string, maxMinutes: number): cloudwatch.Alarm {
    return this.add(id, hoardwatchMetric('LagBehindCollectionSeconds', 'detect', 'Maximum', Duration.minutes(maxMinutes)), maxMinutes * 60,
      `Detection is more than ${maxMinutes} min behind collection, or detected nothing for ${maxMinutes} min: check the handoff queue and the detect function.`,
      cloudwatch.TreatMissingData.BREACHING);
  }

  /**
   * A failed batch: the detect handler reports it as a partial batch failure (`BatchFailures`, service=detect), so
   * the Lambda Errors metric stays 0 and only this alarm sees it, at once instead of hours later at the DLQ.
   */
  batchFailures(id: string): cloudwatch.Alarm {
    return this.add(id, hoardwatchMetric('BatchFailures', 'detect', 'Sum', Duration.minutes(5)), 1,
      'A batch failed detection and will be retried after the visibility timeout (then the DLQ): check the detect logs ("batch failed").');
  }

  /** The oldest alert recorded but not published has waited over an hour (every invocation measures it). */
  unsentAge(id: string): cloudwatch.Alarm {
    return this.add(id, hoardwatchMetric('UnsentAgeSeconds', 'detect', 'Maximum', Duration.minutes(15)), 3600,
      'An alert has been waiting over an hour to be published (SNS or archive failing, or parked): check the detect logs ("re-published unsent alerts") and the alert records.');
  }

  /** Alerts recorded but not published (SNS or archive failure), by live detection or the backfill. */
  alertPublishFailures(id: string): cloudwatch.Alarm {
    const period = Duration.minutes(5);
    const metric = new cloudwatch.MathExpression({
      expression: 'FILL(detect, 0) + FILL(backfill, 0)',
      usingMetrics: {
        detect: hoardwatchMetric('AlertPublishFailures', 'detect', 'Sum', period),
        backfill: hoardwatchMetric('AlertPublishFailures', 'backfill', 'Sum', period),
      },
      period,
      label: 'AlertPublishFailures',
    });
    return this.add(id, metric, 1, 'An alert could not be published: it stays unsent and is retried by later invocations; check SNS and the detect logs.');
  }

  /** A backfill execution that failed (its manifest unreadable, a Map Run aborted): redrive it after the fix. */
  stateMachineFailed(id: string, stateMachine: sfn.IStateMachine, what: string): cloudwatch.Alarm {
    return this.add(id, stateMachine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }), 1, `${what}: an execution failed; redrive it once fixed.`);
  }
}
