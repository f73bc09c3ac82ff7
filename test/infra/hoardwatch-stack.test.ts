import { Match } from 'aws-cdk-lib/assertions';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MetricName } from '../../lib/adapters/logging/metrics.ts';
import { parseConfig } from '../../lib/core/config.ts';
import { DeploySettingsError, parseDeploySettings } from '../../lib/infra/deploy-settings.ts';
import { DETECT_CONFIG_FILE } from '../../lib/infra/detect-config-layer.ts';
import { LOGS_KEY_ACTIONS } from '../../lib/infra/encryption-key.ts';
import { environmentSize, LAMBDA_ENVIRONMENT_LIMIT_BYTES } from '../../lib/infra/lambda-environment-budget.ts';
import { loadDetectConfig } from '../../lambdas/runtime/detect-config.ts';
import { DetectEnvSchema, readEnv } from '../../lambdas/runtime/lambda-env.ts';
import { largeConfig } from './large-config.ts';
import { acknowledgements, recordAcknowledgementUse } from './nag-audit.ts';
import { cleanOutdirs, flatten, synthStack } from './synth.ts';

afterAll(cleanOutdirs);

// One synth for the file, with a mid-size company's config (~30 KB) and cdk-nag on.
const usedAcknowledgements = recordAcknowledgementUse();
const { stack, template: t, outdir } = synthStack({ config: largeConfig() });
const used = usedAcknowledgements();

type Resource = { Properties: Record<string, any> };
const resources = (type: string) => t.findResources(type) as Record<string, Resource>;
const list = (type: string) => Object.values(resources(type));
const logicalIdOf = (type: string, pathPart: string): string => {
  const ids = Object.keys(resources(type)).filter((id) => id.includes(pathPart));
  expect(ids, `${type} ${pathPart}`).toHaveLength(1);
  return ids[0]!;
};
const keyId = logicalIdOf('AWS::KMS::Key', 'Encryption');
const keyArn = { 'Fn::GetAtt': [keyId, 'Arn'] };
const keyStatements = () => list('AWS::KMS::Key')[0]!.Properties.KeyPolicy.Statement as Record<string, any>[];
const byService = (service: string) => keyStatements().filter((s) => s.Principal?.Service && flatten(s.Principal.Service).startsWith(service));
const functions = () => Object.entries(resources('AWS::Lambda::Function'));
const envOf = (f: Resource) => (f.Properties.Environment?.Variables ?? {}) as Record<string, unknown>;
const opsTopicId = logicalIdOf('AWS::SNS::Topic', 'Ops');

describe('HoardwatchStack', () => {
  it('passes cdk-nag AwsSolutions, and every acknowledgement silences a finding it names, with a specific reason', () => {
    const all = acknowledgements(stack);
    expect(all.length).toBeGreaterThan(10);
    const stale = all.filter((a) => a.id.startsWith('AwsSolutions-') && !used.has(`${a.path}|${a.id}`));
    expect(stale, 'acknowledgements that match no finding').toEqual([]);
    for (const a of all.filter((x) => x.id.startsWith('AwsSolutions-'))) {
      expect(a.reason.length, `${a.path} ${a.id}`).toBeGreaterThan(40);
      expect(a.id, 'granular IAM findings are acknowledged one by one').not.toMatch(/^AwsSolutions-IAM[45]$/);
    }
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
    for (const q of list('AWS::SQS::Queue')) expect(q.Properties.KmsMasterKeyId).toEqual(keyArn);
    for (const topic of list('AWS::SNS::Topic')) expect(topic.Properties.KmsMasterKeyId).toEqual(keyArn);
    for (const s of list('AWS::SecretsManager::Secret')) expect(s.Properties.KmsKeyId).toEqual(keyArn);
    const logGroups = list('AWS::Logs::LogGroup');
    expect(logGroups).toHaveLength(7); // 3 collectors, detect, backfill detect, backfill planner, backfill state machine
    for (const g of logGroups) expect(g.Properties.KmsKeyId).toEqual(keyArn);
    t.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  describe('key policy', () => {
    it('lets CloudWatch Logs use the key for this account\'s log groups only (else log group creation fails)', () => {
      const [logs, ...more] = byService('logs.');
      expect(more).toEqual([]);
      expect(flatten(logs!.Principal.Service)).toBe('logs.<AWS::Region>.<AWS::URLSuffix>');
      expect(logs!.Effect).toBe('Allow');
      expect([logs!.Action].flat().sort()).toEqual([...LOGS_KEY_ACTIONS].sort());
      expect(logs!.Resource).toBe('*');
      expect(Object.keys(logs!.Condition).sort()).toEqual(['ArnLike', 'StringEqualsIfExists']);
      expect(flatten(logs!.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn'])).toBe('arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:*');
      expect(logs!.Condition.StringEqualsIfExists).toEqual({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } });
    });

    it('lets CloudWatch alarms of this stack encrypt for the ops topic only', () => {
      const [cw, ...more] = byService('cloudwatch.');
      expect(more).toEqual([]);
      expect(cw!.Principal.Service).toBe('cloudwatch.amazonaws.com');
      expect([cw!.Action].flat().sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
      expect(cw!.Condition.StringEquals['aws:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
      expect(flatten(cw!.Condition.ArnLike['aws:SourceArn'])).toBe('arn:<AWS::Partition>:cloudwatch:<AWS::Region>:<AWS::AccountId>:alarm:Hoardwatch-*');
      // The encryption context names the ops topic: the topic the stack creates under that exact name.
      const topicName = resources('AWS::SNS::Topic')[opsTopicId]!.Properties.TopicName as string;
      expect(flatten(cw!.Condition.StringEquals['kms:EncryptionContext:aws:sns:topicArn'])).toBe(`arn:<AWS::Partition>:sns:<AWS::Region>:<AWS::AccountId>:${topicName}`);
    });

    it('names no other AWS service, and binds every service grant to this account', () => {
      const services = keyStatements().filter((s) => s.Principal?.Service).map((s) => flatten(s.Principal.Service).split('.')[0]);
      expect(services.sort()).toEqual(['cloudwatch', 'logs']);
      for (const s of keyStatements().filter((x) => x.Principal?.Service)) {
        const conditions = Object.values(s.Condition ?? {}) as Record<string, unknown>[];
        expect(conditions.some((c) => 'aws:SourceAccount' in c), JSON.stringify(s)).toBe(true);
      }
      // Otherwise: the account root (IAM policies of this stack's roles decide), and the grants CDK adds for reading
      // secrets, each only through Secrets Manager.
      const [root, ...others] = keyStatements().filter((s) => !s.Principal?.Service);
      expect(flatten(root!.Principal.AWS)).toBe('arn:<AWS::Partition>:iam::<AWS::AccountId>:root');
      expect(root!.Condition).toBeUndefined();
      expect(others.length).toBeGreaterThan(0);
      for (const s of others) expect(flatten(s.Condition.StringEquals['kms:ViaService'])).toBe('secretsmanager.<AWS::Region>.amazonaws.com');
    });

    it('lets the backfill state machine deliver its logs to the key-encrypted log group through CloudWatch Logs', () => {
      const sm = list('AWS::StepFunctions::StateMachine')[0]!;
      const logGroupId = sm.Properties.LoggingConfiguration.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'][0];
      expect(resources('AWS::Logs::LogGroup')[logGroupId]!.Properties.KmsKeyId).toEqual(keyArn);
      // Vended log delivery: the role sets up the delivery; CloudWatch Logs encrypts with the logs grant above.
      const smRoleId = sm.Properties.RoleArn['Fn::GetAtt'][0];
      const delivery = list('AWS::IAM::Policy').filter((p) => p.Properties.Roles.some((r: any) => r.Ref === smRoleId))
        .flatMap((p) => p.Properties.PolicyDocument.Statement).find((s: any) => [s.Action].flat().includes('logs:CreateLogDelivery'));
      expect([delivery.Action].flat()).toEqual(expect.arrayContaining(['logs:CreateLogDelivery', 'logs:PutResourcePolicy', 'logs:DescribeLogGroups']));
    });
  });

  it('schedules each collector as a role that can dead-letter to its KMS-encrypted queue, assumable by Scheduler of this account only', () => {
    const schedules = list('AWS::Scheduler::Schedule');
    expect(schedules.map((s) => s.Properties.ScheduleExpression).sort()).toEqual(['rate(15 minutes)', 'rate(15 minutes)', 'rate(30 minutes)']);
    for (const s of schedules) {
      const target = s.Properties.Target;
      expect(target.RetryPolicy.MaximumRetryAttempts).toBe(2);
      const dlqId = target.DeadLetterConfig.Arn['Fn::GetAtt'][0];
      expect(resources('AWS::SQS::Queue')[dlqId]!.Properties.KmsMasterKeyId).toEqual(keyArn);
      const roleId = target.RoleArn['Fn::GetAtt'][0];
      const role = resources('AWS::IAM::Role')[roleId]!;
      const trust = role.Properties.AssumeRolePolicyDocument.Statement[0];
      expect(trust.Principal.Service).toBe('scheduler.amazonaws.com');
      expect(trust.Condition.StringEquals['aws:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
      expect(flatten(trust.Condition.StringEquals['aws:SourceArn'])).toBe('arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule-group/default');
      const statements = list('AWS::IAM::Policy').filter((p) => p.Properties.Roles.some((r: any) => r.Ref === roleId)).flatMap((p) => p.Properties.PolicyDocument.Statement);
      expect(statements).toContainEqual(expect.objectContaining({ Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [dlqId, 'Arn'] } }));
      const kms = statements.find((st: any) => [st.Action].flat().includes('kms:GenerateDataKey'));
      expect([kms.Action].flat().sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
      expect(kms.Resource).toEqual(keyArn);
      expect(flatten(kms.Condition.StringEquals['kms:ViaService'])).toBe('sqs.<AWS::Region>.<AWS::URLSuffix>');
    }
  });

  it('enforces TLS on the bucket, queues and topics', () => {
    const denyInsecure = Match.objectLike({ Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) });
    t.hasResourceProperties('AWS::S3::BucketPolicy', { PolicyDocument: denyInsecure });
    t.hasResourceProperties('AWS::SQS::QueuePolicy', { PolicyDocument: denyInsecure });
    t.hasResourceProperties('AWS::SNS::TopicPolicy', { PolicyDocument: denyInsecure });
  });

  it('hands batches over through a FIFO queue with a DLQ, consumed with partial batch failures', () => {
    t.hasResourceProperties('AWS::SQS::Queue', { FifoQueue: true, RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 } });
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'] });
  });

  describe('Lambda environments and the config', () => {
    it('keeps every function\'s environment within Lambda\'s 4 KB with a ~30 KB config', () => {
      expect(Buffer.byteLength(JSON.stringify(parseConfig(largeConfig())))).toBeGreaterThan(20_000);
      const types = new Map(Object.entries(t.toJSON().Resources as Record<string, { Type: string }>).map(([id, r]) => [id, r.Type]));
      expect(functions()).toHaveLength(6); // 3 collectors, detect, backfill detect, backfill planner
      for (const [id, f] of functions()) {
        expect(f.Properties.Runtime).toBe('nodejs24.x');
        const size = environmentSize(envOf(f), (x) => types.get(x));
        expect(size.bytes, id).toBeLessThan(LAMBDA_ENVIRONMENT_LIMIT_BYTES / 2);
        expect(Object.keys(envOf(f)), id).not.toContain('HOARDWATCH_CONFIG');
      }
    });

    it('ships the config only to the detect functions, in a layer named by HOARDWATCH_CONFIG_FILE', () => {
      const layerId = logicalIdOf('AWS::Lambda::LayerVersion', 'DetectConfig');
      const withConfig = functions().filter(([, f]) => (f.Properties.Layers ?? []).some((l: any) => l.Ref === layerId));
      expect(withConfig.map(([, f]) => f.Properties.Handler).sort()).toEqual(['index.backfillHandler', 'index.handler']);
      for (const [, f] of withConfig) expect(envOf(f).HOARDWATCH_CONFIG_FILE).toBe(DETECT_CONFIG_FILE);
      const collectors = functions().filter(([, f]) => envOf(f).SOURCE_SECRET_ARN);
      expect(collectors).toHaveLength(3);
      for (const [, c] of collectors) {
        expect(Object.keys(envOf(c)).filter((k) => k !== 'NODE_OPTIONS').sort()).toEqual([
          'HANDOFF_QUEUE_URL', 'POWERTOOLS_METRICS_NAMESPACE', 'POWERTOOLS_SERVICE_NAME', 'RAW_BUCKET', 'RAW_BUCKET_KMS_KEY_ARN', 'SOURCE_SECRET_ARN', 'STATE_TABLE',
        ]);
        expect(c.Properties.Layers).toBeUndefined();
      }
    });

    it('the detect function loads the shipped layer file at cold start, exactly the config synthesized', () => {
      const layer = resources('AWS::Lambda::LayerVersion')[logicalIdOf('AWS::Lambda::LayerVersion', 'DetectConfig')]!;
      const assetHash = (layer.Properties.Content.S3Key as string).replace(/\.zip$/, '');
      // The layer asset as staged for upload; Lambda extracts it under /opt, so DETECT_CONFIG_FILE = /opt/<this path>.
      const staged = join(outdir, `asset.${assetHash}`, DETECT_CONFIG_FILE.replace(/^\/opt\//, ''));
      const [, detect] = functions().find(([, f]) => f.Properties.Handler === 'index.handler' && envOf(f).ALERT_TOPIC_ARN)!;
      const env = Object.fromEntries(Object.entries(envOf(detect)).map(([k, v]) => [k, typeof v === 'string' ? v : `resolved-${k}`]));
      const wired = readEnv(DetectEnvSchema, { ...env, HOARDWATCH_CONFIG_FILE: staged });
      expect(loadDetectConfig(wired)).toEqual(parseConfig(largeConfig()));
    });
  });

  it('grants no data action on a * resource, and scopes each collector to its own prefix and items', () => {
    const DATA = /^(s3|dynamodb|sqs|sns|secretsmanager|kms):/i;
    for (const p of list('AWS::IAM::Policy')) {
      for (const st of p.Properties.PolicyDocument.Statement) {
        const actions: string[] = [st.Action].flat();
        const res: unknown[] = [st.Resource].flat();
        if (actions.some((a) => DATA.test(a))) expect(res, JSON.stringify(st)).not.toContain('*');
      }
    }
    const statements = list('AWS::IAM::Policy').flatMap((p) => p.Properties.PolicyDocument.Statement);
    const slackDynamo = statements.find((s) => JSON.stringify(s.Condition ?? {}).includes('checkpoint#slack'));
    expect(slackDynamo.Condition['ForAllValues:StringLike']['dynamodb:LeadingKeys']).toEqual(['checkpoint#slack', 'checkpoint#slack#dd#*', 'lease#slack']);
    const puts = statements.filter((s) => s.Action === 's3:PutObject').map((s) => JSON.stringify(s.Resource));
    for (const source of ['salesforce', 'm365', 'slack']) expect(puts.some((r) => r.includes(`raw/source=${source}/*`))).toBe(true);
  });

  describe('alarms', () => {
    const alarms = () => Object.entries(resources('AWS::CloudWatch::Alarm')).map(([id, a]): Record<string, any> => ({ id, ...a.Properties }));
    const alarm = (name: string) => {
      const found = alarms().filter((a) => a.AlarmName === `Hoardwatch-${name}`);
      expect(found, name).toHaveLength(1);
      return found[0]!;
    };

    it('routes every alarm, named for this stack, to the ops topic, which admits exactly such alarms', () => {
      // Per source: errors, schedule DLQ, not run; collection lag, no events, usually active, skipped past retention,
      // off-contract. Detect: errors, batch failures, publish failures, unsent age, DLQ, queue age, lag. Backfill:
      // errors, failed.
      expect(alarms().length).toBe(3 * (3 + 5) + 9);
      // The two halves of each source's silent-source composite alarm act through it, not alone.
      const compositeParts = /-(NoEvents|UsuallyActive)$/;
      for (const a of alarms()) {
        expect(a.AlarmActions).toEqual(compositeParts.test(String(a.AlarmName)) ? undefined : [{ Ref: opsTopicId }]);
        expect(a.AlarmName).toMatch(/^Hoardwatch-/);
      }
      for (const c of Object.values(resources('AWS::CloudWatch::CompositeAlarm'))) {
        expect(c.Properties.AlarmActions).toEqual([{ Ref: opsTopicId }]);
        expect(c.Properties.AlarmName).toMatch(/^Hoardwatch-/);
      }
      const policy = list('AWS::SNS::TopicPolicy').find((p) => p.Properties.Topics.some((x: any) => x.Ref === opsTopicId))!;
      const allow = policy.Properties.PolicyDocument.Statement.find((s: any) => s.Effect === 'Allow');
      expect(allow.Principal.Service).toBe('cloudwatch.amazonaws.com');
      expect(allow.Action).toBe('sns:Publish');
      expect(allow.Condition.StringEquals['aws:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
      expect(flatten(allow.Condition.ArnLike['aws:SourceArn'])).toBe('arn:<AWS::Partition>:cloudwatch:<AWS::Region>:<AWS::AccountId>:alarm:Hoardwatch-*');
    });

    it('alarms on a failed detect batch through the BatchFailures metric the handler emits (Lambda Errors stays 0)', () => {
      const a = alarm('Detect-BatchFailures');
      expect(a).toMatchObject({
        Namespace: 'Hoardwatch', MetricName: MetricName.BatchFailures, Dimensions: [{ Name: 'service', Value: 'detect' }],
        Statistic: 'Sum', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching',
      });
    });

    it('alarms on AlertPublishFailures > 0 from live detection and from the backfill', () => {
      const a = alarm('AlertPublishFailures');
      expect(a).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
      const metrics = a.Metrics as { Id: string; Expression?: string; MetricStat?: any }[];
      expect(metrics.find((m) => m.Expression)!.Expression).toBe('FILL(detect, 0) + FILL(backfill, 0)');
      const stats = metrics.filter((m) => m.MetricStat).map((m) => [m.Id, m.MetricStat.Metric.MetricName, m.MetricStat.Metric.Dimensions[0].Value, m.MetricStat.Stat]);
      expect(stats.sort()).toEqual([['backfill', MetricName.AlertPublishFailures, 'backfill', 'Sum'], ['detect', MetricName.AlertPublishFailures, 'detect', 'Sum']]);
    });

    it('treats missing data as breaching for the lag alarms: a stalled detector or collector emits nothing', () => {
      const lag = alarm('Detect-Lag');
      expect(lag).toMatchObject({ MetricName: MetricName.LagSeconds, Statistic: 'Maximum', Period: 360 * 60, Threshold: 360 * 60, TreatMissingData: 'breaching' });
      for (const source of ['salesforce', 'm365', 'slack']) expect(alarm(`${source}-Silent`).TreatMissingData).toBe('breaching');
    });

    it('alarms when a handoff batch waits longer than one visibility timeout (it failed at least once)', () => {
      const a = alarm('Handoff-Age');
      const queueId = logicalIdOf('AWS::SQS::Queue', 'HandoffQueue');
      expect(a).toMatchObject({
        Namespace: 'AWS/SQS', MetricName: 'ApproximateAgeOfOldestMessage', Statistic: 'Maximum',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
        Threshold: resources('AWS::SQS::Queue')[queueId]!.Properties.VisibilityTimeout,
      });
    });

    it('alarms on backfill batch errors and failed backfill executions', () => {
      expect(alarm('Backfill-Errors').MetricName).toBe('Errors');
      expect(alarm('Backfill-Failed')).toMatchObject({ Namespace: 'AWS/States', MetricName: 'ExecutionsFailed' });
    });
  });

  it('subscribes Tier-2 e-mails with a filter on the tier attribute', () => {
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 't2@example.com', FilterPolicy: { tier: ['2'] } });
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'soc@example.com', FilterPolicy: Match.absent() });
  });

  it('drops a disabled source\'s function, secret, schedule and alarms', () => {
    const { template: t2 } = synthStack({ settings: { sources: { slack: { enabled: false } } } });
    expect(Object.keys(t2.findResources('AWS::Scheduler::Schedule'))).toHaveLength(2);
    expect(Object.keys(t2.findResources('AWS::Lambda::Function'))).toHaveLength(5);
    expect(JSON.stringify(t2.toJSON())).not.toContain('collect-slack');
    expect(Object.keys(t2.findResources('AWS::SecretsManager::Secret'))).toHaveLength(2);
    expect(Object.keys(t2.findResources('AWS::CloudWatch::Alarm'))).toHaveLength(2 * (3 + 5) + 9);
  });

  it('Google Workspace is off by default; enabled, it gets its own schedule, secret and scoped collector, cdk-nag clean', () => {
    expect(JSON.stringify(t.toJSON())).not.toContain('collect-google-workspace');
    const { template: t4 } = synthStack({ settings: { sources: { 'google-workspace': { enabled: true } } } });
    expect(Object.keys(t4.findResources('AWS::Scheduler::Schedule'))).toHaveLength(Object.keys(t.findResources('AWS::Scheduler::Schedule')).length + 1);
    t4.hasResourceProperties('AWS::Scheduler::Schedule', { Description: 'Hoardwatch google-workspace collection', ScheduleExpression: 'rate(15 minutes)' });
    t4.hasResourceProperties('AWS::SecretsManager::Secret', { Description: Match.stringLikeRegexp('google-workspace credentials: .*client_email.*subject') });
    const statements = Object.values(t4.findResources('AWS::IAM::Policy') as Record<string, Resource>).flatMap((p) => p.Properties.PolicyDocument.Statement);
    const dynamo = statements.find((s) => JSON.stringify(s.Condition ?? {}).includes('checkpoint#google-workspace'));
    expect(dynamo.Condition['ForAllValues:StringLike']['dynamodb:LeadingKeys']).toEqual(['checkpoint#google-workspace', 'checkpoint#google-workspace#dd#*', 'lease#google-workspace']);
    expect(statements.filter((s) => s.Action === 's3:PutObject').map((s) => JSON.stringify(s.Resource)).some((r) => r.includes('raw/source=google-workspace/*'))).toBe(true);
  });

  it('wires the Okta collector only when enabled: its schedule, secret shape, own prefix and items, cdk-nag clean', () => {
    expect(JSON.stringify(t.toJSON())).not.toContain('collect-okta');
    // cdk-nag AwsSolutions runs in synthStack: an unacknowledged finding would throw here.
    const { template: t4, stack } = synthStack({ settings: { sources: { okta: { enabled: true, schedule: 'rate(5 minutes)' } } } });
    expect(stack.collectors.okta).toBeDefined();
    expect(Object.keys(t4.findResources('AWS::Lambda::Function'))).toHaveLength(7);
    t4.hasResourceProperties('AWS::Scheduler::Schedule', { Description: 'Hoardwatch okta collection', ScheduleExpression: 'rate(5 minutes)' });
    const secrets = Object.values(t4.findResources('AWS::SecretsManager::Secret')).map((r) => String(r.Properties.Description));
    expect(secrets.find((d) => d.startsWith('Hoardwatch okta credentials'))).toMatch(/"orgUrl".*"apiToken".*"clientId" \+ "privateKey"/);
    const statements = Object.values(t4.findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
    const dynamo = statements.find((st) => JSON.stringify(st.Condition ?? {}).includes('checkpoint#okta'));
    expect(dynamo.Condition['ForAllValues:StringLike']['dynamodb:LeadingKeys']).toEqual(['checkpoint#okta', 'checkpoint#okta#dd#*', 'lease#okta']);
    expect(statements.filter((st) => st.Action === 's3:PutObject').map((st) => JSON.stringify(st.Resource)).some((r) => r.includes('raw/source=okta/*'))).toBe(true);
  });

  it('uses an existing secret by ARN instead of creating one', () => {
    const arn = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:hoardwatch/slack-AbCdEf';
    const { template: t3 } = synthStack({ settings: { sources: { slack: { secretArn: arn } } } });
    expect(Object.keys(t3.findResources('AWS::SecretsManager::Secret'))).toHaveLength(2);
    expect(JSON.stringify(t3.toJSON())).toContain(arn);
  });

  it('rejects bad deployment settings with their path', () => {
    let err: unknown;
    try {
      parseDeploySettings({ sources: { slack: { schedule: 'every 5 minutes' } }, alertEmails: ['not-an-email'], bogus: 1, maxLagMinutes: 2000 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DeploySettingsError);
    const msg = String(err);
    expect(msg).toContain('sources.slack.schedule');
    expect(msg).toContain('alertEmails.0');
    expect(msg).toContain('bogus');
    expect(msg).toContain('maxLagMinutes: at most 1440');
  });
});
