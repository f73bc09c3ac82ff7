import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** The collectors' health metrics (lib/sources/run/health.ts), emitted by lambdas/runtime/collect-handler.ts. */
const NAMESPACE = 'Hoardwatch';

export interface CollectionAlarmsProps {
  source: string;
  /** Where alarms go (the ops topic). */
  ops: sns.ITopic;
  /** The vendor not read through for longer than this is a lagging source. */
  maxLagMinutes: number;
  /** No events written for this many hours (whole hours, 1..24; default 6)… */
  silentHours?: number;
  /** …on a source that wrote events on at least this many of the last 7 days (default 5) is a silent source. */
  activeDays?: number;
}

/**
 * Collection-health alarms of one source, all to the ops topic: a detector is blind to what its collector misses.
 * - **lag**: `CollectionLagSeconds` (now − the time the vendor was last read through) above the limit, or no
 *   figure at all (the collector stopped reporting) — a collector falling behind (budget or quota stops, failures);
 * - **silent**: no events for `silentHours` while the source usually has them (events on ≥ `activeDays` of the
 *   last 7): a broken integration that still "succeeds" (revoked scope, disabled audit log);
 * - **data skipped past retention** and **off-contract records**: any at all wants a look.
 */
export class CollectionAlarms extends Construct {
  readonly lag: cloudwatch.Alarm;
  readonly silent: cloudwatch.CompositeAlarm;
  readonly skipped: cloudwatch.Alarm;
  readonly offContract: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: CollectionAlarmsProps) {
    super(scope, id);
    const { source } = props;
    const silentHours = props.silentHours ?? 6;
    const activeDays = props.activeDays ?? 5;
    if (!Number.isInteger(silentHours) || silentHours < 1 || silentHours > 24) throw new Error(`${source}: silentHours must be a whole number of hours from 1 to 24`);
    if (!Number.isInteger(activeDays) || activeDays < 1 || activeDays > 7) throw new Error(`${source}: activeDays must be 1..7`);
    const action = new actions.SnsAction(props.ops);
    // Named for the stack: the ops topic admits alarms named `<stack>-*` only.
    const name = (what: string): string => `${Stack.of(this).stackName}-${source}-${what}`;
    const metric = (metricName: string, statistic: string, period: Duration) =>
      new cloudwatch.Metric({ namespace: NAMESPACE, metricName, dimensionsMap: { service: `collect-${source}` }, statistic, period });

    this.lag = new cloudwatch.Alarm(this, 'Lag', {
      alarmName: name('Lag'),
      metric: metric('CollectionLagSeconds', 'Maximum', Duration.minutes(Math.max(5, props.maxLagMinutes))),
      threshold: props.maxLagMinutes * 60,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // No figure means no run reported: as blind as a lagging one.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      alarmDescription: `${source}: the vendor's audit log has not been read through for more than ${props.maxLagMinutes} min (collector behind: budget or API-quota stops, failures). Check the collector's logs and CollectionLagSeconds.`,
    });
    this.lag.addAlarmAction(action);

    const quiet = new cloudwatch.Alarm(this, 'NoEvents', {
      alarmName: name('NoEvents'),
      metric: metric('CollectedRecords', 'Sum', Duration.hours(silentHours)),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      alarmDescription: `${source}: no events written for ${silentHours} h (part of the silent-source alarm).`,
    });
    const usual = new cloudwatch.Alarm(this, 'UsuallyActive', {
      alarmName: name('UsuallyActive'),
      metric: metric('CollectedRecords', 'Sum', Duration.days(1)),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 7,
      datapointsToAlarm: activeDays,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `${source}: events were written on at least ${activeDays} of the last 7 days (part of the silent-source alarm; its ALARM state means "usually active").`,
    });
    this.silent = new cloudwatch.CompositeAlarm(this, 'Silent', {
      compositeAlarmName: name('Silent'),
      alarmRule: cloudwatch.AlarmRule.allOf(cloudwatch.AlarmRule.fromAlarm(quiet, cloudwatch.AlarmState.ALARM), cloudwatch.AlarmRule.fromAlarm(usual, cloudwatch.AlarmState.ALARM)),
      alarmDescription: `${source}: no events for ${silentHours} h although the source usually has them. The collector runs but collects nothing: check its credentials' scopes and the vendor's audit settings.`,
    });
    this.silent.addAlarmAction(action);

    this.skipped = new cloudwatch.Alarm(this, 'SkippedPastRetention', {
      alarmName: name('SkippedPastRetention'),
      metric: metric('SkippedPastRetention', 'Sum', Duration.hours(1)),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `${source}: audit data older than the vendor keeps it was skipped unread (an outage longer than the vendor's retention): those events are lost to detection.`,
    });
    this.skipped.addAlarmAction(action);

    this.offContract = new cloudwatch.Alarm(this, 'OffContract', {
      alarmName: name('OffContract'),
      metric: metric('OffContractRecords', 'Sum', Duration.hours(1)),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `${source}: vendor records outside the contract were written flagged (offContract) and will be quarantined by detection: the vendor's format may have changed.`,
    });
    this.offContract.addAlarmAction(action);
  }
}
