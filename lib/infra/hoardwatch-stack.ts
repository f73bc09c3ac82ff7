import { Stack, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { Config } from '../core/config.ts';
import { AlertTopics } from './alert-topics.ts';
import { alarmNamePrefix, OpsAlarms } from './alarms.ts';
import { Backfill } from './backfill.ts';
import { Collector } from './collector.ts';
import { DetectConfigLayer } from './detect-config-layer.ts';
import { SOURCES, type DeploySettings } from './deploy-settings.ts';
import { DETECT_TIMEOUT, Detector } from './detector.ts';
import { EncryptionKey } from './encryption-key.ts';
import { HandoffQueue } from './handoff-queue.ts';
import { ARCHITECTURE, RUNTIME } from './hoardwatch-function.ts';
import { LambdaEnvironmentBudget } from './lambda-environment-budget.ts';
import { RawLogBucket } from './raw-log-bucket.ts';
import { CollectionAlarms } from './collection-alarms.ts';
import { StateTable } from './state-table.ts';

export interface HoardwatchStackProps extends StackProps {
  settings: DeploySettings;
  config: Config;
}

/** The whole pipeline (DESIGN.md §1): scheduled collectors → S3 + FIFO handoff → detect → SNS, plus alarms and backfill. */
export class HoardwatchStack extends Stack {
  readonly collectors: Partial<Record<(typeof SOURCES)[number], Collector>> = {};
  readonly configLayer: DetectConfigLayer;

  constructor(scope: Construct, id: string, props: HoardwatchStackProps) {
    super(scope, id, props);
    const { settings } = props;
    // Synth fails, naming the function, when any function's environment would pass Lambda's 4 KB.
    this.node.addValidation(new LambdaEnvironmentBudget(this));
    const encryption = new EncryptionKey(this, 'Encryption');
    const { key } = encryption;
    const raw = new RawLogBucket(this, 'RawLogs', { key, retentionDays: settings.rawRetentionDays });
    const { table } = new StateTable(this, 'State', { key });
    const handoff = new HandoffQueue(this, 'Handoff', { key, detectTimeout: DETECT_TIMEOUT });
    const prefix = alarmNamePrefix(this.stackName);
    const topics = new AlertTopics(this, 'Topics', {
      key, alertEmails: settings.alertEmails, tier2Emails: settings.tier2Emails, opsEmails: settings.opsEmails, alarmNamePrefix: prefix,
    });
    encryption.allowAlarmNotifications({ topicArn: topics.opsTopicArn, alarmNamePrefix: prefix });
    const alarms = new OpsAlarms(this, 'Alarms', { ops: topics.ops });

    for (const source of SOURCES) {
      const s = settings.sources[source];
      if (!s.enabled) continue;
      const c = new Collector(this, `Collect-${source}`, {
        source, schedule: s.schedule, timeoutMinutes: s.timeoutMinutes, key, bucket: raw.bucket, table, queue: handoff.queue,
        ...(s.secretArn ? { secretArn: s.secretArn } : {}),
      });
      this.collectors[source] = c;
      alarms.functionErrors(`${source}-Errors`, c.fn.fn, `The ${source} collector`);
      alarms.queueDepth(`${source}-ScheduleDlq`, c.scheduleDlq, `The ${source} schedule's dead-letter queue`);
      alarms.collectorSilent(`${source}-Silent`, c.fn.fn, source, settings.maxLagMinutes);
      new CollectionAlarms(this, `CollectionAlarms-${source}`, { source, ops: topics.ops, maxLagMinutes: settings.maxLagMinutes });
    }

    this.configLayer = new DetectConfigLayer(this, 'DetectConfig', { config: props.config, runtime: RUNTIME, architecture: ARCHITECTURE });
    const detect = new Detector(this, 'Detect', { key, bucket: raw.bucket, table, queue: handoff.queue, topic: topics.alerts, config: this.configLayer });
    alarms.functionErrors('Detect-Errors', detect.fn.fn, 'The detect function');
    alarms.batchFailures('Detect-BatchFailures');
    alarms.alertPublishFailures('AlertPublishFailures');
    alarms.unsentAge('Alerts-UnsentAge');
    alarms.queueDepth('Handoff-Dlq', handoff.dlq, 'The handoff dead-letter queue');
    alarms.queueAge('Handoff-Age', handoff.queue, handoff.visibilityTimeout, 'The handoff queue');
    alarms.detectLag('Detect-Lag', settings.maxLagMinutes);

    const backfillFn = new Detector(this, 'BackfillDetect', { key, bucket: raw.bucket, table, topic: topics.alerts, config: this.configLayer, handler: 'backfillHandler' });
    const backfill = new Backfill(this, 'Backfill', { bucket: raw.bucket, backfillFn: backfillFn.fn.fn, key });
    alarms.functionErrors('Backfill-Errors', backfillFn.fn.fn, 'A backfill batch');
    alarms.stateMachineFailed('Backfill-Failed', backfill.stateMachine, 'The backfill');
  }
}
