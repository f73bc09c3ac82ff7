import { GetObjectCommand } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { S3BatchSink } from '../../lib/adapters/batches/s3-batch-sink.ts';
import { quarantineKeyFor } from '../../lib/adapters/batches/s3-quarantine-writer.ts';
import { DynamoDbAlertStore } from '../../lib/adapters/alerts/dynamodb-alert-store.ts';
import { createLogger } from '../../lib/adapters/logging/logger.ts';
import { DynamoDbState } from '../../lib/adapters/state/dynamodb-state.ts';
import { batchKey } from '../../lib/core/envelope.ts';
import type { Envelope } from '../../lib/core/envelope.ts';
import { createDetectHandlers } from '../../lambdas/runtime/detect-handler.ts';
import { startDynamoDbLocal } from '../support/dynamodb-local.ts';
import type { DynamoDbLocal } from '../support/dynamodb-local.ts';
import { startS3rver } from '../support/s3rver.ts';
import type { S3rverHandle } from '../support/s3rver.ts';

/* DynamoDB Local and s3rver are real; SNS (no local server here) is aws-sdk-client-mock. */
const TOPIC = 'arn:aws:sns:eu-west-1:111122223333:alerts';
const NOW = Date.parse('2026-11-21T04:00:00Z');
const DECOY = '00o000000000decAAA';
const config = { honeytokens: [DECOY] };

let ddb: DynamoDbLocal;
let s3: S3rverHandle;
const sns = new SNSClient({ region: 'eu-west-1' });
const snsMock = mockClient(sns);
beforeAll(async () => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true'; // keep EMF lines out of the test output
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  // One after the other: a failed start must leave the started server assigned, so afterAll stops it.
  ddb = await startDynamoDbLocal();
  s3 = await startS3rver(['raw']);
});
afterAll(async () => {
  await Promise.all([ddb?.stop(), s3?.stop()]);
});
afterEach(() => snsMock.reset());

const reportRow = (n: number, reportId: string): Envelope => ({
  v: 1, source: 'salesforce', stream: 'elf:Report', id: `0AT000000000001:${n}`, fetchedAt: '2026-11-21T03:10:00Z',
  record: {
    EVENT_TYPE: 'Report', TIMESTAMP: '20261121020500.000', REQUEST_ID: `req-${n}`, ORGANIZATION_ID: '00D000000000001',
    USER_ID: '005000000000001', USER_ID_DERIVED: '005000000000001AAA', ENTITY_NAME: 'Contact', REPORT_ID: reportId.slice(0, 15),
    REPORT_ID_DERIVED: reportId, ROW_COUNT: '250', CLIENT_IP: '198.51.100.7', TIMESTAMP_DERIVED: '2026-11-21T02:05:00.000Z',
    ORIGIN: 'ReportRunFromLightning', REQUEST_STATUS: 'S',
  },
});
// No timestamp at all: the normalizer must reject it, and it must land in quarantine with its reason.
const broken: Envelope = { v: 1, source: 'salesforce', stream: 'elf:Report', id: '0AT000000000001:9', fetchedAt: '2026-11-21T03:10:00Z', record: { EVENT_TYPE: 'Report' } };

async function setup(seq: number) {
  const table = await ddb.createStateTable();
  const key = batchKey('salesforce', 'elf:Report', new Date('2026-11-21T03:10:00Z'), `run-${table}`, seq);
  await new S3BatchSink({ client: s3.client, bucket: 'raw' }).write(key, [reportRow(1, DECOY), reportRow(2, '00O000000000XYZAAA'), broken]);
  const env = { STATE_TABLE: table, RAW_BUCKET: 'raw', ALERT_TOPIC_ARN: TOPIC, HOARDWATCH_CONFIG: JSON.stringify(config) };
  const handlers = createDetectHandlers({ env, doc: ddb.doc, s3: s3.client, sns, now: () => NOW, log: createLogger('detect-test') });
  return { table, key, ...handlers };
}

const sqsRecord = (id: string, body: unknown, group = 'salesforce'): SQSRecord => ({
  messageId: id, receiptHandle: id, body: JSON.stringify(body), md5OfBody: '', eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:eu-west-1:111122223333:batches.fifo', awsRegion: 'eu-west-1', messageAttributes: {},
  attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'x', ApproximateFirstReceiveTimestamp: '0', MessageGroupId: group },
});
const sqsEvent = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

describe('detect handler (SQS)', () => {
  it('detects a batch from S3: state saved, rejects quarantined, alert recorded and published once across re-delivery', async () => {
    const { table, key, handler } = await setup(1);
    snsMock.on(PublishCommand).resolves({ MessageId: 'm' });
    const msg = { bucket: 'raw', key, seq: 1, source: 'salesforce' };

    expect(await handler(sqsEvent(sqsRecord('m1', msg)))).toEqual({ batchItemFailures: [] });
    expect(await handler(sqsEvent(sqsRecord('m1-again', msg)))).toEqual({ batchItemFailures: [] });

    const published = snsMock.commandCalls(PublishCommand);
    expect(published).toHaveLength(1);
    const alert = JSON.parse(JSON.parse(published[0]!.args[0].input.Message!).default) as { detector: string; id: string };
    expect(alert.detector).toBe('crm.honeytoken');
    expect(published[0]!.args[0].input.Subject).toMatch(/^\[[A-Z]+\]\[T2\] CRM: decoy/);

    const state = new DynamoDbState({ table, doc: ddb.doc, now: () => NOW });
    const profile = (await state.load({ principals: ['salesforce:005000000000001AAA'], identities: [] })).profiles.get('salesforce:005000000000001AAA');
    expect(profile?.batches).toHaveLength(1);
    expect(profile?.version).toBe(1); // the re-delivery was recognised: nothing folded twice

    const q = await s3.client.send(new GetObjectCommand({ Bucket: 'raw', Key: quarantineKeyFor(key) }));
    const lines = gunzipSync(Buffer.from(await q.Body!.transformToByteArray())).toString().trim().split('\n').map((l) => JSON.parse(l) as { id?: string; reason: string });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.id).toBe('0AT000000000001:9');
    expect(lines[0]!.reason).toBeTruthy();

    expect(await new DynamoDbAlertStore({ table, doc: ddb.doc }).unsent()).toEqual([]);
    await expect(s3.client.send(new GetObjectCommand({ Bucket: 'raw', Key: `alerts/dt=2026-11-21/${alert.id}.json` }))).resolves.toBeDefined();
  });

  it('fails a bad message and every later message of its source group, but not other groups', async () => {
    const { key, handler } = await setup(2);
    snsMock.on(PublishCommand).resolves({ MessageId: 'm' });
    const res = await handler(sqsEvent(
      sqsRecord('bad', { bucket: 'raw', key: 'raw/source=salesforce/missing.ndjson.gz', seq: 1, source: 'salesforce' }),
      sqsRecord('after-bad', { bucket: 'raw', key, seq: 2, source: 'salesforce' }),
      sqsRecord('garbage', { nope: true }, 'slack'),
      sqsRecord('m365-ok', { bucket: 'raw', key, seq: 3, source: 'salesforce' }, 'm365'),
    ));
    expect(res.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['bad', 'after-bad', 'garbage']);
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(1); // the m365-group message ran
  });

  it('keeps an alert whose publish failed and publishes it on the next invocation', async () => {
    const { table, key, handler } = await setup(3);
    snsMock.on(PublishCommand).rejects(Object.assign(new Error('Service unavailable'), { name: 'InternalError' }));
    expect(await handler(sqsEvent(sqsRecord('m1', { bucket: 'raw', key, seq: 1, source: 'salesforce' })))).toEqual({ batchItemFailures: [] });
    const store = new DynamoDbAlertStore({ table, doc: ddb.doc });
    expect(await store.unsent()).toHaveLength(1);

    snsMock.reset();
    snsMock.on(PublishCommand).resolves({ MessageId: 'm' });
    expect(await handler(sqsEvent())).toEqual({ batchItemFailures: [] });
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(1);
    expect(await store.unsent()).toEqual([]);
  });
});

describe('backfillHandler (Step Functions Distributed Map item)', () => {
  it('detects the object named by an S3 listing item, in RAW_BUCKET, and returns a summary', async () => {
    const { key, backfillHandler } = await setup(4);
    snsMock.on(PublishCommand).resolves({ MessageId: 'm' });
    const summary = await backfillHandler({ Key: key, Size: 1234, Etag: '"x"' });
    expect(summary).toMatchObject({ bucket: 'raw', key, records: 3, events: 2, rejects: 1, alerts: 1, published: 1, stateRetries: 0 });
    const again = await backfillHandler({ bucket: 'raw', key });
    expect(again.published).toBe(0);
    await expect(backfillHandler({ nothing: 1 })).rejects.toThrow();
  });
});
