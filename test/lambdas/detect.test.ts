import { Metrics } from '@aws-lambda-powertools/metrics';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { DeleteCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { gunzipSync } from 'node:zlib';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
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

/** Metrics the handlers add, by name, per invocation (the real Metrics class; nothing is flushed). */
function recordingMetrics() {
  const added: Record<string, number[]> = {};
  const factory = (service: string): Metrics => {
    const m = new Metrics({ namespace: 'Test', serviceName: service });
    vi.spyOn(m, 'addMetric').mockImplementation((name: string, _unit, value: number) => {
      (added[name] ??= []).push(value);
      return m;
    });
    vi.spyOn(m, 'publishStoredMetrics').mockImplementation(() => m);
    return m;
  };
  return { added, factory };
}

async function setup(seq: number) {
  const table = await ddb.createStateTable();
  const key = batchKey('salesforce', 'elf:Report', new Date('2026-11-21T03:10:00Z'), `run-${table}`, seq);
  await new S3BatchSink({ client: s3.client, bucket: 'raw' }).write(key, [reportRow(1, DECOY), reportRow(2, '00O000000000XYZAAA'), broken]);
  const env = { STATE_TABLE: table, RAW_BUCKET: 'raw', ALERT_TOPIC_ARN: TOPIC, HOARDWATCH_CONFIG: JSON.stringify(config) };
  const metrics = recordingMetrics();
  const handlers = createDetectHandlers({ env, doc: ddb.doc, s3: s3.client, sns, now: () => NOW, log: createLogger('detect-test'), metrics: metrics.factory });
  return { table, key, metrics: metrics.added, ...handlers };
}

const publishedAlerts = () => snsMock.commandCalls(PublishCommand).map((c) => JSON.parse(JSON.parse(c.args[0].input.Message!).default) as { detector: string; id: string; principal: { name?: string } });

async function quarantined(key: string): Promise<{ id?: string; reason: string; detail?: string; record?: unknown }[]> {
  const q = await s3.client.send(new GetObjectCommand({ Bucket: 'raw', Key: quarantineKeyFor(key) }));
  return gunzipSync(Buffer.from(await q.Body!.transformToByteArray())).toString().trim().split('\n').map((l) => JSON.parse(l));
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

    expect((await new DynamoDbAlertStore({ table, doc: ddb.doc }).unsent()).entries).toEqual([]);
    await expect(s3.client.send(new GetObjectCommand({ Bucket: 'raw', Key: `alerts/dt=2026-11-21/${alert.id}.json` }))).resolves.toBeDefined();
  });

  it('fails a bad message and every later message of its source group, but not other groups, counting each', async () => {
    const { key, handler, metrics } = await setup(2);
    snsMock.on(PublishCommand).resolves({ MessageId: 'm' });
    const res = await handler(sqsEvent(
      sqsRecord('bad', { bucket: 'raw', key: 'raw/source=salesforce/missing.ndjson.gz', seq: 1, source: 'salesforce' }),
      sqsRecord('after-bad', { bucket: 'raw', key, seq: 2, source: 'salesforce' }),
      sqsRecord('garbage', { nope: true }, 'slack'),
      sqsRecord('m365-ok', { bucket: 'raw', key, seq: 3, source: 'salesforce' }, 'm365'),
    ));
    expect(res.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['bad', 'after-bad', 'garbage']);
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(1); // the m365-group message ran
    // One BatchFailures per message handed back (P1-12): the infra alarms on it.
    expect(metrics.BatchFailures).toEqual([3]);
    expect(await handler(sqsEvent())).toEqual({ batchItemFailures: [] });
    expect(metrics.BatchFailures).toEqual([3, 0]);
  });

  it('loses no alert or signal when another invocation writes the same identity mid-save (P1-7)', async () => {
    const table = await ddb.createStateTable();
    const key = batchKey('salesforce', 'elf:Report', new Date('2026-11-21T03:10:00Z'), `run-${table}`, 1);
    await new S3BatchSink({ client: s3.client, bucket: 'raw' }).write(key, [reportRow(1, DECOY)]);
    const rec = ddb.recordingDoc();
    let raced = false;
    rec.before(async (cmd) => {
      const pk = String((cmd.input.Item as { pk?: string } | undefined)?.pk ?? '');
      if (cmd.name !== 'PutItemCommand' || !pk.startsWith('identity#') || raced) return;
      raced = true; // another source's batch saves this person's identity first
      const other = { key: pk.slice('identity#'.length), alerts: [], signals: [{ detector: 'chat.file-download-volume', technique: 'T1213.005', weight: 40, time: NOW - 3_600_000, principal: 'slack:W1' }] };
      await ddb.doc.send(new PutCommand({ TableName: table, Item: { pk, version: 1, data: JSON.stringify(other) } }));
    });
    const env = { STATE_TABLE: table, RAW_BUCKET: 'raw', ALERT_TOPIC_ARN: TOPIC, HOARDWATCH_CONFIG: JSON.stringify(config) };
    const { handler } = createDetectHandlers({ env, doc: rec.doc, s3: s3.client, sns, now: () => NOW, log: createLogger('detect-test'), metrics: recordingMetrics().factory });
    snsMock.on(PublishCommand).resolves({ MessageId: 'm' });
    expect(await handler(sqsEvent(sqsRecord('m1', { bucket: 'raw', key, seq: 1, source: 'salesforce' })))).toEqual({ batchItemFailures: [] });
    expect(raced).toBe(true);
    expect(publishedAlerts().map((a) => a.detector)).toEqual(['crm.honeytoken']);
    const state = new DynamoDbState({ table, doc: ddb.doc, now: () => NOW });
    const snap = await state.load({ principals: ['salesforce:005000000000001AAA'], identities: ['salesforce:005000000000001AAA'] });
    expect(snap.profiles.get('salesforce:005000000000001AAA')?.batches).toHaveLength(1);
    const identity = snap.identities.get('salesforce:005000000000001AAA')!;
    expect(identity.alerts.map((a) => a.detector)).toEqual(['crm.honeytoken']); // the retry re-derived it
    expect(identity.signals.map((x) => x.detector).sort()).toEqual(['chat.file-download-volume', 'crm.honeytoken']);
  });

  it('skips a re-delivered message whose batch was detected before, without reading it (ledger, P1-6)', async () => {
    const { key, handler, metrics } = await setup(5);
    snsMock.on(PublishCommand).resolves({ MessageId: 'm' });
    const msg = { bucket: 'raw', key, seq: 1, source: 'salesforce' };
    expect(await handler(sqsEvent(sqsRecord('m1', msg)))).toEqual({ batchItemFailures: [] });
    // Gone from S3 (lifecycle expiry): reading it again would fail; the ledger answers first.
    await s3.client.send(new DeleteObjectCommand({ Bucket: 'raw', Key: key }));
    expect(await handler(sqsEvent(sqsRecord('m1-much-later', msg)))).toEqual({ batchItemFailures: [] });
    expect(metrics.BatchesAlreadyProcessed).toEqual([1]);
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(1);
  });

  it('names an ELF user from an RTEM batch detected earlier: one identity across batches (P1-4)', async () => {
    const { key: elfKey, handler } = await setup(6);
    snsMock.on(PublishCommand).resolves({ MessageId: 'm' });
    const rtemKey = batchKey('salesforce', 'rtem:LoginEvent', new Date('2026-11-21T01:10:00Z'), 'run-rtem', 1);
    await new S3BatchSink({ client: s3.client, bucket: 'raw' }).write(rtemKey, [{
      v: 1, source: 'salesforce', stream: 'rtem:LoginEvent', id: '3f0c2a51-9d7e-4b8a-a2c4-6e1f0b9d7a11', fetchedAt: '2026-11-21T01:10:00Z',
      record: {
        EventDate: '2026-11-21T01:00:00.000+0000', EventIdentifier: '3f0c2a51-9d7e-4b8a-a2c4-6e1f0b9d7a11', UserId: '005000000000001AAA',
        Username: 'jdoe@example.com', UserType: 'Standard', SourceIp: '198.51.100.7', LoginType: 'Application', Status: 'Success',
      },
    }]);
    expect(await handler(sqsEvent(sqsRecord('rtem', { bucket: 'raw', key: rtemKey, seq: 1, source: 'salesforce' })))).toEqual({ batchItemFailures: [] });
    expect(await handler(sqsEvent(sqsRecord('elf', { bucket: 'raw', key: elfKey, seq: 2, source: 'salesforce' })))).toEqual({ batchItemFailures: [] });
    const [alert] = publishedAlerts();
    expect(alert).toMatchObject({ detector: 'crm.honeytoken', principal: { id: '005000000000001AAA', name: 'jdoe@example.com' } });
  });

  it('fails the message for a gzip batch cut short, and counts nothing of it (P2-5)', async () => {
    const { table, handler, metrics } = await setup(7);
    snsMock.on(PublishCommand).resolves({ MessageId: 'm' });
    const key = batchKey('salesforce', 'elf:Report', new Date('2026-11-21T03:10:00Z'), 'run-cut', 1);
    const rows = Array.from({ length: 400 }, (_, n) => JSON.stringify(reportRow(100 + n, '00O000000000XYZAAA'))).join('\n');
    const gz = gzipSync(Buffer.from(rows));
    await s3.client.send(new PutObjectCommand({ Bucket: 'raw', Key: key, Body: gz.subarray(0, Math.floor(gz.length * 0.6)) }));
    const res = await handler(sqsEvent(sqsRecord('cut', { bucket: 'raw', key, seq: 1, source: 'salesforce' })));
    expect(res.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['cut']);
    expect(metrics.BatchFailures).toEqual([1]);
    const state = new DynamoDbState({ table, doc: ddb.doc, now: () => NOW });
    expect((await state.load({ principals: ['salesforce:005000000000001AAA'], identities: [] })).profiles.size).toBe(0);
  });

  it('rejects records whose envelope names another source than the batch key, alone and with their reason (P2-4)', async () => {
    const { handler } = await setup(8);
    snsMock.on(PublishCommand).resolves({ MessageId: 'm' });
    const key = batchKey('slack', 'audit', new Date('2026-11-21T03:10:00Z'), 'run-foreign', 1);
    const slackEntry = { v: 1 as const, source: 'slack' as const, stream: 'audit', id: 'e-1', fetchedAt: '2026-11-21T03:10:00Z', record: { id: 'e-1', date_create: 1763690400, action: 'user_login', actor: { type: 'user', user: { id: 'W1', email: 'w1@example.com' } } } };
    await new S3BatchSink({ client: s3.client, bucket: 'raw' }).write(key, [reportRow(1, DECOY), slackEntry]);
    expect(await handler(sqsEvent(sqsRecord('foreign', { bucket: 'raw', key, seq: 1, source: 'slack' }, 'slack')))).toEqual({ batchItemFailures: [] });
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(0); // the planted decoy read raised nothing
    const lines = await quarantined(key);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ reason: 'source-mismatch', id: '0AT000000000001:1', detail: expect.stringContaining('raw/source=slack/'), record: { EVENT_TYPE: 'Report' } });
  });

  it('quarantines a record nested 20,000 levels deep instead of failing the batch (P2-1)', async () => {
    const { handler } = await setup(9);
    snsMock.on(PublishCommand).resolves({ MessageId: 'm' });
    const key = batchKey('salesforce', 'elf:Report', new Date('2026-11-21T03:10:00Z'), 'run-deep', 1);
    const depth = 20_000;
    const deep = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    // Written by hand: the batch writer itself would cut the nesting.
    const line = `{"v":1,"source":"salesforce","stream":"elf:Report","id":"deep-1","fetchedAt":"2026-11-21T03:10:00Z","record":{"EVENT_TYPE":"Report","X":${deep}}}`;
    await s3.client.send(new PutObjectCommand({ Bucket: 'raw', Key: key, Body: gzipSync(Buffer.from(`${line}\n${JSON.stringify(reportRow(1, DECOY))}\n`)) }));
    expect(await handler(sqsEvent(sqsRecord('deep', { bucket: 'raw', key, seq: 1, source: 'salesforce' })))).toEqual({ batchItemFailures: [] });
    expect(publishedAlerts().map((a) => a.detector)).toEqual(['crm.honeytoken']);
    const [q] = await quarantined(key);
    expect(q).toMatchObject({ id: 'deep-1', record: { EVENT_TYPE: 'Report' } });
    expect(JSON.stringify(q)).toContain('[nested deeper than 64 levels: cut]');
  });

  describe('a source\'s queued batches (one FIFO group) detected together', () => {
    const USER = 'salesforce:005000000000001AAA';
    async function writeBatches(table: string, n: number, first = 1): Promise<string[]> {
      const keys: string[] = [];
      for (let i = first; i < first + n; i++) {
        const key = batchKey('salesforce', 'elf:Report', new Date(`2026-11-21T0${i}:10:00Z`), `run-${table}`, i);
        await new S3BatchSink({ client: s3.client, bucket: 'raw' }).write(key, [reportRow(10 * i, i === 2 ? DECOY : '00O000000000XYZAAA'), reportRow(10 * i + 1, '00O000000000XYZAAA')]);
        keys.push(key);
      }
      return keys;
    }
    const handlerFor = (table: string) => {
      const metrics = recordingMetrics();
      const env = { STATE_TABLE: table, RAW_BUCKET: 'raw', ALERT_TOPIC_ARN: TOPIC, HOARDWATCH_CONFIG: JSON.stringify(config) };
      return { metrics: metrics.added, ...createDetectHandlers({ env, doc: ddb.doc, s3: s3.client, sns, now: () => NOW, log: createLogger('detect-test'), metrics: metrics.factory }) };
    };
    const messages = (keys: string[], prefix = 'm') => keys.map((key, i) => sqsRecord(`${prefix}${i}`, { bucket: 'raw', key, seq: i, source: 'salesforce' }));
    const profileOf = async (table: string) => (await new DynamoDbState({ table, doc: ddb.doc, now: () => NOW }).load({ principals: [USER], identities: [] })).profiles.get(USER);

    it('writes each profile once for all of them, records each batch, and a later re-delivery of one changes nothing', async () => {
      const table = await ddb.createStateTable();
      const keys = await writeBatches(table, 3);
      const { handler, metrics } = handlerFor(table);
      snsMock.on(PublishCommand).resolves({ MessageId: 'm' });
      expect(await handler(sqsEvent(...messages(keys)))).toEqual({ batchItemFailures: [] });
      expect(publishedAlerts().map((a) => a.detector)).toEqual(['crm.honeytoken']);
      const profile = await profileOf(table);
      expect(profile?.version).toBe(1); // one read and one write for three batches
      expect(profile?.batches).toHaveLength(3);

      // The same counts as three invocations of one message each.
      const apart = await ddb.createStateTable();
      const oneByOne = handlerFor(apart);
      for (const m of messages(keys, 'x')) expect(await oneByOne.handler(sqsEvent(m))).toEqual({ batchItemFailures: [] });
      const { version: _a, ...joined } = profile!;
      const { version: _b, ...separate } = (await profileOf(apart))!;
      expect(joined).toEqual(separate);

      expect(await handler(sqsEvent(messages(keys, 'again')[1]!))).toEqual({ batchItemFailures: [] });
      expect(metrics.BatchesAlreadyProcessed).toEqual([1]);
      expect((await profileOf(table))?.version).toBe(1);

      // The same batch named by two messages of one delivery is read once.
      const [fourth] = await writeBatches(table, 1, 4);
      expect(await handler(sqsEvent(...messages([fourth!, fourth!], 'twice')))).toEqual({ batchItemFailures: [] });
      await oneByOne.handler(sqsEvent(...messages([fourth!], 'y')));
      const { version: _c, ...twice } = (await profileOf(table))!;
      const { version: _d, ...once } = (await profileOf(apart))!;
      expect(twice).toEqual(once);
    });

    it('detects them one at a time when an earlier run folded some and stopped before recording them, counting each once', async () => {
      const table = await ddb.createStateTable();
      const keys = await writeBatches(table, 3, 4);
      const { handler } = handlerFor(table);
      snsMock.on(PublishCommand).resolves({ MessageId: 'm' });
      expect(await handler(sqsEvent(...messages(keys.slice(0, 2))))).toEqual({ batchItemFailures: [] });
      // As if that run had stopped after saving profiles and before writing the ledger: the retry comes regrouped.
      const ledger = await ddb.doc.send(new ScanCommand({ TableName: table, FilterExpression: 'begins_with(pk, :b)', ExpressionAttributeValues: { ':b': 'batch#' } }));
      expect(ledger.Items?.length).toBeGreaterThanOrEqual(4);
      for (const item of ledger.Items ?? []) await ddb.doc.send(new DeleteCommand({ TableName: table, Key: { pk: item['pk'] } }));
      expect(await handler(sqsEvent(...messages(keys, 'retry')))).toEqual({ batchItemFailures: [] });

      const apart = await ddb.createStateTable();
      const oneByOne = handlerFor(apart);
      for (const m of messages(keys, 'x')) await oneByOne.handler(sqsEvent(m));
      const { version: _a, batches: markersA, ...regrouped } = (await profileOf(table))!;
      const { version: _b, batches: markersB, ...separate } = (await profileOf(apart))!;
      expect(regrouped).toEqual(separate);
      expect(new Set(markersA)).toEqual(new Set(markersB));
    });

    it('detects those before a batch that cannot be read, and hands back that one and every later one', async () => {
      const table = await ddb.createStateTable();
      const [first, third] = await writeBatches(table, 2, 7);
      const { handler, metrics } = handlerFor(table);
      snsMock.on(PublishCommand).resolves({ MessageId: 'm' });
      const missing = { bucket: 'raw', key: 'raw/source=salesforce/stream=elf:Report/missing.ndjson.gz', seq: 2, source: 'salesforce' };
      const res = await handler(sqsEvent(sqsRecord('ok', { bucket: 'raw', key: first, seq: 1, source: 'salesforce' }), sqsRecord('missing', missing), sqsRecord('later', { bucket: 'raw', key: third, seq: 3, source: 'salesforce' })));
      expect(res.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['missing', 'later']);
      expect(metrics.BatchFailures).toEqual([2]);
      expect((await profileOf(table))?.batches).toHaveLength(1);
    });
  });

  it('keeps an alert whose publish failed and publishes it on the next invocation', async () => {
    const { table, key, handler } = await setup(3);
    snsMock.on(PublishCommand).rejects(Object.assign(new Error('Service unavailable'), { name: 'InternalError' }));
    expect(await handler(sqsEvent(sqsRecord('m1', { bucket: 'raw', key, seq: 1, source: 'salesforce' })))).toEqual({ batchItemFailures: [] });
    const store = new DynamoDbAlertStore({ table, doc: ddb.doc });
    expect((await store.unsent()).entries).toHaveLength(1);

    snsMock.reset();
    snsMock.on(PublishCommand).resolves({ MessageId: 'm' });
    expect(await handler(sqsEvent())).toEqual({ batchItemFailures: [] });
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(1);
    expect((await store.unsent()).entries).toEqual([]);
  });
});

describe('backfillHandler (Step Functions Distributed Map item)', () => {
  it('detects the object named by an S3 listing item, in RAW_BUCKET, and returns a summary', async () => {
    const { key, backfillHandler } = await setup(4);
    snsMock.on(PublishCommand).resolves({ MessageId: 'm' });
    const summary = await backfillHandler({ Key: key, Size: 1234, Etag: '"x"' });
    expect(summary).toMatchObject({ bucket: 'raw', keys: [key], records: 3, events: 2, rejects: 1, alerts: 1, published: 1, stateRetries: 0 });
    const again = await backfillHandler({ bucket: 'raw', key });
    expect(again.published).toBe(0);
    await expect(backfillHandler({ nothing: 1 })).rejects.toThrow();
  });
});
