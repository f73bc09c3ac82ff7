import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { CollectionAlarms } from '../../lib/infra/collection-alarms.ts';
import { HealthMetric } from '../../lib/sources/run/health.ts';

function synth(props: { silentHours?: number; activeDays?: number } = {}) {
  const stack = new Stack(new App(), 'T');
  const ops = new sns.Topic(stack, 'Ops');
  const alarms = new CollectionAlarms(stack, 'CollectionAlarms-slack', { source: 'slack', ops, maxLagMinutes: 90, ...props });
  return { template: Template.fromStack(stack), alarms, ops };
}

const dims = [{ Name: 'service', Value: 'collect-slack' }];

describe('CollectionAlarms', () => {
  it('alarms when the source lags past the limit, or stops reporting its lag', () => {
    const { template } = synth();
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: HealthMetric.CollectionLagSeconds, Namespace: 'Hoardwatch', Dimensions: dims, Statistic: 'Maximum', Period: 90 * 60,
      Threshold: 90 * 60, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'breaching', AlarmActions: [{ Ref: Match.stringLikeRegexp('Ops') }],
    });
  });

  it('alarms on a silent source only when it is usually active (a composite of "no events for N h" and "events on 5 of 7 days")', () => {
    const { template } = synth({ silentHours: 4 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: HealthMetric.CollectedRecords, Dimensions: dims, Statistic: 'Sum', Period: 4 * 3600, Threshold: 1,
      ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'breaching',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: HealthMetric.CollectedRecords, Statistic: 'Sum', Period: 86_400, EvaluationPeriods: 7, DatapointsToAlarm: 5,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching',
    });
    const composite = Object.values(template.findResources('AWS::CloudWatch::CompositeAlarm'));
    expect(composite).toHaveLength(1);
    const rule = JSON.stringify(composite[0]!.Properties.AlarmRule);
    expect(rule).toMatch(/ALARM\(.*NoEvents.*\) AND ALARM\(.*UsuallyActive.*\)/);
    expect(composite[0]!.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/Ops/) }]);
    // The parts alarm nobody on their own.
    for (const a of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
      const name = JSON.stringify(a.Properties.MetricName);
      if (a.Properties.Period === 86_400 || a.Properties.Period === 4 * 3600) expect(a.Properties.AlarmActions, name).toBeUndefined();
    }
  });

  it('alarms on any data skipped past the vendor retention and on off-contract records', () => {
    const { template } = synth();
    for (const m of [HealthMetric.SkippedPastRetention, HealthMetric.OffContractRecords]) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: m, Dimensions: dims, Statistic: 'Sum', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: Match.stringLikeRegexp('Ops') }],
      });
    }
  });

  it('refuses windows CloudWatch cannot evaluate', () => {
    expect(() => synth({ silentHours: 36 })).toThrow(/silentHours/);
    expect(() => synth({ activeDays: 8 })).toThrow(/activeDays/);
  });
});
