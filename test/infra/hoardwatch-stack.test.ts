import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lib/core/config.ts';
import { DeploySettingsError, parseDeploySettings, type DeploySettings } from '../../lib/infra/deploy-settings.ts';
import { HoardwatchStack } from '../../lib/infra/hoardwatch-stack.ts';

const outdirs: string[] = [];
afterAll(() => outdirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Synthesizes without bundling (bundling is exercised by `cdk synth`), with cdk-nag AwsSolutions on. */
function synth(settings: Partial<DeploySettings> | Record<string, unknown> = {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'hw-cdk-'));
  outdirs.push(outdir);
  const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new HoardwatchStack(app, 'Hoardwatch', {
    settings: parseDeploySettings({ alertEmails: ['soc@example.com'], tier2Emails: ['t2@example.com'], opsEmails: ['ops@example.com'], ...settings }),
    config: parseConfig({}),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth(); // throws when cdk-nag reports an unacknowledged error
  return Template.fromStack(stack);
}

const t = synth();
const resources = (type: string) => Object.values(t.findResources(type)) as { Properties: Record<string, any> }[];

describe('HoardwatchStack', () => {
  it('passes cdk-nag AwsSolutions with zero unacknowledged errors', () => {
    expect(t).toBeDefined();
  });

  it('encrypts at rest with the stack key: bucket, table, queues, topics, secrets, logs', () => {
    t.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() }, BucketKeyEnabled: true }] },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'raw-bucket/' }),
    });
    t.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'unsent', KeySchema: [{ AttributeName: 'unsentPk', KeyType: 'HASH' }, { AttributeName: 'recordedAt', KeyType: 'RANGE' }] })],
    });
    for (const q of resources('AWS::SQS::Queue')) expect(q.Properties.KmsMasterKeyId).toBeDefined();
    for (const topic of resources('AWS::SNS::Topic')) expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    for (const s of resources('AWS::SecretsManager::Secret')) expect(s.Properties.KmsKeyId).toBeDefined();
    for (const g of resources('AWS::Logs::LogGroup')) expect(g.Properties.KmsKeyId).toBeDefined();
    t.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('enforces TLS on the bucket, queues and topics', () => {
    const denyInsecure = Match.objectLike({ Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) });
    t.hasResourceProperties('AWS::S3::BucketPolicy', { PolicyDocument: denyInsecure });
    t.hasResourceProperties('AWS::SQS::QueuePolicy', { PolicyDocument: denyInsecure });
    t.hasResourceProperties('AWS::SNS::TopicPolicy', { PolicyDocument: denyInsecure });
  });

  it('schedules one collector per source with bounded retries and a DLQ', () => {
    const schedules = resources('AWS::Scheduler::Schedule');
    expect(schedules.map((s) => s.Properties.ScheduleExpression).sort()).toEqual(['rate(15 minutes)', 'rate(15 minutes)', 'rate(30 minutes)']);
    for (const s of schedules) {
      expect(s.Properties.Target.RetryPolicy.MaximumRetryAttempts).toBe(2);
      expect(s.Properties.Target.DeadLetterConfig.Arn).toBeDefined();
    }
  });

  it('hands batches over through a FIFO queue with a DLQ, consumed with partial batch failures', () => {
    t.hasResourceProperties('AWS::SQS::Queue', { FifoQueue: true, RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 } });
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 1, FunctionResponseTypes: ['ReportBatchItemFailures'] });
  });

  it('runs Node 24 functions with the env contract the handlers read', () => {
    const fns = resources('AWS::Lambda::Function');
    expect(fns).toHaveLength(5); // 3 collectors, detect, backfill detect
    for (const f of fns) expect(f.Properties.Runtime).toBe('nodejs24.x');
    const collectors = fns.filter((f) => f.Properties.Environment.Variables.SOURCE_SECRET_ARN);
    expect(collectors).toHaveLength(3);
    for (const c of collectors) expect(Object.keys(c.Properties.Environment.Variables)).toEqual(expect.arrayContaining(['STATE_TABLE', 'RAW_BUCKET', 'HANDOFF_QUEUE_URL', 'HOARDWATCH_CONFIG']));
  });

  it('grants no data action on a * resource, and scopes each collector to its own prefix and items', () => {
    const DATA = /^(s3|dynamodb|sqs|sns|secretsmanager|kms):/;
    for (const p of resources('AWS::IAM::Policy')) {
      for (const st of p.Properties.PolicyDocument.Statement) {
        const actions: string[] = [st.Action].flat();
        const res: unknown[] = [st.Resource].flat();
        if (actions.some((a) => DATA.test(a))) expect(res, JSON.stringify(st)).not.toContain('*');
      }
    }
    const statements = resources('AWS::IAM::Policy').flatMap((p) => p.Properties.PolicyDocument.Statement);
    const slackDynamo = statements.find((s) => JSON.stringify(s.Condition ?? {}).includes('checkpoint#slack'));
    expect(slackDynamo.Condition['ForAllValues:StringEquals']['dynamodb:LeadingKeys']).toEqual(['checkpoint#slack', 'lease#slack']);
    const puts = statements.filter((s) => s.Action === 's3:PutObject').map((s) => JSON.stringify(s.Resource));
    for (const source of ['salesforce', 'm365', 'slack']) expect(puts.some((r) => r.includes(`raw/source=${source}/*`))).toBe(true);
  });

  it('routes every alarm to the ops topic', () => {
    const alarms = resources('AWS::CloudWatch::Alarm');
    expect(alarms.length).toBe(3 * 3 + 3); // per source: errors, schedule DLQ, silent; detect errors, handoff DLQ, detect lag
    const ops = Object.keys(t.findResources('AWS::SNS::Topic')).find((k) => k.includes('Ops'));
    for (const a of alarms) expect(JSON.stringify(a.Properties.AlarmActions)).toContain(ops);
  });

  it('subscribes Tier-2 e-mails with a filter on the tier attribute', () => {
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 't2@example.com', FilterPolicy: { tier: ['2'] } });
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'soc@example.com', FilterPolicy: Match.absent() });
  });

  it('has a backfill state machine: a Distributed Map over raw/ invoking detect, logged and traced', () => {
    const sm = resources('AWS::StepFunctions::StateMachine')[0]!;
    expect(sm.Properties.TracingConfiguration.Enabled).toBe(true);
    expect(sm.Properties.LoggingConfiguration.Level).toBe('ALL');
    expect(JSON.stringify(sm.Properties.DefinitionString)).toContain('DISTRIBUTED');
  });

  it('drops a disabled source\'s function, secret and schedule', () => {
    const t2 = synth({ sources: { slack: { enabled: false } } });
    expect(Object.keys(t2.findResources('AWS::Scheduler::Schedule'))).toHaveLength(2);
    expect(Object.keys(t2.findResources('AWS::Lambda::Function'))).toHaveLength(4);
    expect(JSON.stringify(t2.toJSON())).not.toContain('collect-slack');
    expect(Object.keys(t2.findResources('AWS::SecretsManager::Secret'))).toHaveLength(2);
  });

  it('uses an existing secret by ARN instead of creating one', () => {
    const arn = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:hoardwatch/slack-AbCdEf';
    const t3 = synth({ sources: { slack: { secretArn: arn } } });
    expect(Object.keys(t3.findResources('AWS::SecretsManager::Secret'))).toHaveLength(2);
    expect(JSON.stringify(t3.toJSON())).toContain(arn);
  });

  it('rejects bad deployment settings with their path', () => {
    expect(() => parseDeploySettings({ sources: { slack: { schedule: 'every 5 minutes' } }, alertEmails: ['not-an-email'] })).toThrow(DeploySettingsError);
    try {
      parseDeploySettings({ sources: { slack: { schedule: 'every 5 minutes' } }, alertEmails: ['not-an-email'], bogus: 1 });
    } catch (e) {
      const msg = String(e);
      expect(msg).toContain('sources.slack.schedule');
      expect(msg).toContain('alertEmails.0');
      expect(msg).toContain('bogus');
    }
  });
});
