import { Stack, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { Config } from '../core/config.ts';
import { AlertTopics } from './alert-topics.ts';
import { OpsAlarms } from './alarms.ts';
import { Backfill } from './backfill.ts';
import { Collector } from './collector.ts';
import { SOURCES, type DeploySettings } from './deploy-settings.ts';
import { DETECT_TIMEOUT, Detector } from './detector.ts';
import { EncryptionKey } from './encryption-key.ts';
import { HandoffQueue } from './handoff-queue.ts';
import { RawLogBucket } from './raw-log-bucket.ts';
import { StateTable } from './state-table.ts';
import { acknowledge, nagArn } from './nag-acknowledgements.ts';

export interface HoardwatchStackProps extends StackProps {
  settings: DeploySettings;
  config: Config;
}

/** The whole pipeline (DESIGN.md §1): scheduled collectors → S3 + FIFO handoff → detect → SNS, plus alarms and backfill. */
export class HoardwatchStack extends Stack {
  readonly collectors: Partial<Record<(typeof SOURCES)[number], Collector>> = {};

  constructor(scope: Construct, id: string, props: HoardwatchStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const configJson = JSON.stringify(props.config);
    const { key } = new EncryptionKey(this, 'Encryption');
    const raw = new RawLogBucket(this, 'RawLogs', { key, retentionDays: settings.rawRetentionDays });
    const { table } = new StateTable(this, 'State', { key });
    const handoff = new HandoffQueue(this, 'Handoff', { key, detectTimeout: DETECT_TIMEOUT });
    const topics = new AlertTopics(this, 'Topics', { key, alertEmails: settings.alertEmails, tier2Emails: settings.tier2Emails, opsEmails: settings.opsEmails });
    const alarms = new OpsAlarms(this, 'Alarms', { ops: topics.ops });

    for (const source of SOURCES) {
      const s = settings.sources[source];
      if (!s.enabled) continue;
      const c = new Collector(this, `Collect-${source}`, {
        source, schedule: s.schedule, timeoutMinutes: s.timeoutMinutes, key, bucket: raw.bucket, table, queue: handoff.queue, configJson,
        ...(s.secretArn ? { secretArn: s.secretArn } : {}),
      });
      this.collectors[source] = c;
      // The scheduler's invoke role is created at stack level by aws-scheduler-targets.
      acknowledge(this, { [`AwsSolutions-IAM5[Resource::${nagArn(c.fn.fn)}:*]`]: `EventBridge Scheduler may invoke the ${source} collector function (any version) and nothing else.` });
      alarms.functionErrors(`${source}-Errors`, c.fn.fn, `The ${source} collector`);
      alarms.queueDepth(`${source}-ScheduleDlq`, c.scheduleDlq, `The ${source} schedule's dead-letter queue`);
      alarms.collectorSilent(`${source}-Silent`, c.fn.fn, source, settings.maxLagMinutes);
    }

    const detect = new Detector(this, 'Detect', { key, bucket: raw.bucket, table, queue: handoff.queue, topic: topics.alerts, configJson });
    alarms.functionErrors('Detect-Errors', detect.fn.fn, 'The detect function');
    alarms.queueDepth('Handoff-Dlq', handoff.dlq, 'The handoff dead-letter queue');
    alarms.detectLag('Detect-Lag', settings.maxLagMinutes);
    const backfillFn = new Detector(this, 'BackfillDetect', { key, bucket: raw.bucket, table, topic: topics.alerts, configJson, handler: 'backfillHandler' });
    new Backfill(this, 'Backfill', { bucket: raw.bucket, backfillFn: backfillFn.fn.fn, key });
  }
}
