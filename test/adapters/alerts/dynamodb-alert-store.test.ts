import { GetObjectCommand } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { PublishCommandInput } from '@aws-sdk/client-sns';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deliverAlerts, publishRecorded, recordAlerts, republishUnsent } from '../../../lib/adapters/alerts/deliver-alerts.ts';
import type { AlertDelivery } from '../../../lib/adapters/alerts/deliver-alerts.ts';
import { DynamoDbAlertStore } from '../../../lib/adapters/alerts/dynamodb-alert-store.ts';
import { S3AlertArchive, alertArchiveKey } from '../../../lib/adapters/alerts/s3-alert-archive.ts';
import { SNS_MESSAGE_BUDGET, SnsAlertPublisher, publishBytes } from '../../../lib/adapters/alerts/sns-alert-publisher.ts';
import { ALERT_ITEM_BUDGET, itemBytes } from '../../../lib/adapters/state/item-size.ts';
import { UNSENT_PK, UNSENT_PK_VALUE } from '../../../lib/adapters/state/table-keys.ts';
import { AlertSchema } from '../../../lib/core/alert.ts';
import type { Alert } from '../../../lib/core/alert.ts';
import { startDynamoDbLocal } from '../../support/dynamodb-local.ts';
import type { DynamoDbLocal } from '../../support/dynamodb-local.ts';
import { startS3rver } from '../../support/s3rver.ts';
import type { S3rverHandle } from '../../support/s3rver.ts';
import { sampleAlert } from './sample-alert.ts';

/* DynamoDB and S3 are real local servers; SNS (no local server) is aws-sdk-client-mock, recording and failing publishes. */
const TOPIC = 'arn:aws:sns:eu-west-1:111122223333:hoardwatch-alerts';
const T0 = Date.parse('2026-11-21T04:00:00Z');
let ddb: DynamoDbLocal;
let s3: S3rverHandle;
beforeAll(async () => {
  ddb = await startDynamoDbLocal();
  s3 = await startS3rver(['alerts']);
});
afterAll(async () => {
  await Promise.all([ddb?.stop(), s3?.stop()]);
});
const sns = new SNSClient({ region: 'eu-west-1' });
const snsMock = mockClient(sns);
afterEach(() => snsMock.reset());

async function delivery(over: { now?: () => number; maxAttempts?: number; table?: string } = {}): Promise<AlertDelivery & { store: DynamoDbAlertStore; table: string }> {
  const table = over.table ?? await ddb.createStateTable();
  const now = over.now ?? (() => T0);
  const archive = new S3AlertArchive({ client: s3.client, bucket: 'alerts' });
  const store = new DynamoDbAlertStore({ table, doc: ddb.doc, now, archive });
  return { table, store, archive, publisher: new SnsAlertPublisher(sns, TOPIC), now, ...(over.maxAttempts ? { maxAttempts: over.maxAttempts } : {}) };
}

const published = (): PublishCommandInput[] => snsMock.commandCalls(PublishCommand).map((c) => c.args[0].input);
const defaultJson = (input: PublishCommandInput): Record<string, unknown> => JSON.parse(JSON.parse(input.Message!).default);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An alert whose evidence repeats caller-chosen strings (the P0-3 shape): `n` objects of `len` characters. */
const bulky = (id: string, n: number, len: number): Alert => sampleAlert({
  id, evidence: { events: n, sample: Array.from({ length: n }, (_, i) => `ev-${i}`), objects: Array.from({ length: n }, (_, i) => `${String(i).padStart(6, '0')}${'x'.repeat(len)}`), ips: [] },
});

describe('DynamoDbAlertStore: updates (issue 12 item 7)', () => {
  it('records fresh, update and duplicate, and publishes each update number once', async () => {
    const d = await delivery();
    snsMock.on(PublishCommand).resolves({ MessageId: 'm' });
    const a = sampleAlert({ id: 'grow-1' });
    expect(await recordAlerts([a, a], d)).toEqual({ fresh: [a], updates: [], duplicates: ['grow-1'] });
    await publishRecorded({ fresh: [a], updates: [], duplicates: [] }, d);

    const bigger = { ...a, title: 'Salesforce: 480,000 Contact rows exported in 1 h', update: 1 };
    const again = await deliverAlerts([bigger, bigger, a], d);
    expect(again).toMatchObject({ published: ['grow-1'], duplicates: ['grow-1', 'grow-1'] });
    expect(await d.store.record({ ...a, update: 1 })).toBe('duplicate');
    expect(await d.store.record({ ...a, update: 3 })).toBe('update');
    expect(await d.store.record({ ...a, update: 2 })).toBe('duplicate'); // older than the one recorded

    const sent = published();
    expect(sent.map((p) => defaultJson(p).update)).toEqual([undefined, 1]);
    expect(sent[1]!.Subject).toMatch(/^\[HIGH\]\[T2\]\[UPDATE 1\] Salesforce: 480,000/);
    // Update 3 is recorded and waits to be sent (its own archive copy beside the first).
    expect((await d.store.unsent()).entries.map((e) => e.id)).toEqual(['grow-1']);
    expect(alertArchiveKey({ ...a, update: 3 })).toBe(`alerts/dt=2026-11-21/grow-1.update-3.json`);
  });
});

describe('DynamoDbAlertStore: claims (P1-9)', () => {
  it('lets one owner publish at a time; a claim left by a dead invocation can be taken once stale', async () => {
    let now = T0;
    const { store } = await delivery({ now: () => now });
    await store.record(sampleAlert({ id: 'c1' }));
    const first = await store.claim('c1', 'A');
    expect(first).toMatchObject({ claimed: { update: 0, attempts: 1, trimmed: false } });
    expect(await store.claim('c1', 'B')).toEqual({ refused: 'busy' });
    now += 16 * 60_000;
    expect(await store.claim('c1', 'B')).toMatchObject({ claimed: { attempts: 2 } });
    expect(await store.markSent('c1', 'A', 0)).toBe(false); // A lost its claim
    expect(await store.markSent('c1', 'B', 0)).toBe(true);
    expect(await store.claim('c1', 'C')).toEqual({ refused: 'sent' });
  });

  it('concurrent invocations (a batch publishing, two retries of unsent alerts) publish each alert exactly once', async () => {
    const d1 = await delivery();
    const d2 = await delivery({ table: d1.table });
    const d3 = await delivery({ table: d1.table });
    // A slow SNS widens the window in which another invocation would publish the same alert again.
    snsMock.on(PublishCommand).callsFake(async () => {
      await sleep(30);
      return { MessageId: 'm' };
    });
    const alerts = Array.from({ length: 8 }, (_, n) => sampleAlert({ id: `race-${n}` }));
    const recorded = await recordAlerts(alerts, d1);
    const outcomes = await Promise.all([publishRecorded(recorded, d1), republishUnsent(d2), republishUnsent(d3)]);
    const ids = published().map((p) => String(defaultJson(p).id)).sort();
    expect(ids).toEqual(alerts.map((a) => a.id).sort());
    expect(outcomes.flatMap((o) => o.published).sort()).toEqual(ids);
    expect((await d1.store.unsent()).entries).toEqual([]);
  });
});

describe('DynamoDbAlertStore: unsent retries (P1-9)', () => {
  it('lists the oldest first and parks unreadable records (counted) instead of aborting the retry', async () => {
    const table = await ddb.createStateTable();
    const at = (ms: number) => new DynamoDbAlertStore({ table, doc: ddb.doc, now: () => ms });
    await at(T0 + 3000).record(sampleAlert({ id: 'third' }));
    await at(T0 + 1000).record(sampleAlert({ id: 'first' }));
    await at(T0 + 2000).record(sampleAlert({ id: 'second' }));
    const raw = (pk: string, alert: string, extra: Record<string, unknown> = {}) =>
      ddb.doc.send(new PutCommand({ TableName: table, Item: { pk, alert, sent: false, recordedAt: T0 + 500, ttl: 2e9, [UNSENT_PK]: UNSENT_PK_VALUE, ...extra } }));
    await raw('alert#bad-json', '{oops');
    await raw('alert#not-an-alert', JSON.stringify({ id: 'x' }));
    await raw('alert#bad-record', '{}', { sent: 'no' });

    const scan = await at(T0 + 4000).unsent();
    expect(scan.entries.map((e) => e.id)).toEqual(['first', 'second', 'third']);
    expect(scan.malformed.map((m) => m.id).sort()).toEqual(['bad-json', 'bad-record', 'not-an-alert']);
    expect(scan.oldestRecordedAt).toBe(T0 + 1000);
    const parked = await ddb.doc.send(new GetCommand({ TableName: table, Key: { pk: 'alert#bad-json' } }));
    expect(parked.Item).toMatchObject({ parked: true, parkedReason: expect.stringMatching(/^malformed: .*invalid JSON/) });
    expect((await at(T0 + 5000).unsent()).malformed).toEqual([]); // out of the index for good
  });

  it('parks an alert SNS keeps refusing after maxAttempts, so newer alerts behind it are sent', async () => {
    let now = T0;
    const d = await delivery({ now: () => now, maxAttempts: 3 });
    snsMock.on(PublishCommand).callsFake(async (input: PublishCommandInput) => {
      if (String(defaultJson(input).id).startsWith('poison')) throw Object.assign(new Error('Invalid parameter: Message too long'), { name: 'InvalidParameterException' });
      return { MessageId: 'm' };
    });
    for (let n = 0; n < 5; n++) {
      now = T0 + n;
      await d.store.record(sampleAlert({ id: `poison-${n}` }));
    }
    now = T0 + 100;
    await d.store.record(sampleAlert({ id: 'good' }));
    const rounds = [];
    for (let r = 0; r < 4; r++) {
      now += 1000;
      rounds.push(await republishUnsent(d, 5));
    }
    // Rounds 1-3 try the five oldest (the poison); the third attempt parks them; round 4 reaches the newer alert.
    expect(rounds.map((o) => o.published)).toEqual([[], [], [], ['good']]);
    expect(rounds[2]!.parked.map((p) => p.id)).toEqual(['poison-0', 'poison-1', 'poison-2', 'poison-3', 'poison-4']);
    expect(rounds[2]!.parked[0]!.reason).toMatch(/publishing alert poison-0 failed: Invalid parameter/);
    expect(rounds[0]!.unsentAgeSeconds).toBe(1.1);
    expect((await d.store.unsent()).entries).toEqual([]);
    const item = await ddb.doc.send(new GetCommand({ TableName: d.table, Key: { pk: 'alert#poison-0' } }));
    expect(item.Item).toMatchObject({ parked: true, sent: false, attempts: 3 });
    expect(item.Item![UNSENT_PK]).toBeUndefined();
  });
});

describe('oversize alerts (P0-3, P1-9)', () => {
  it('stores an alert over the item budget trimmed, the full alert in S3, and sends a summary naming that copy', async () => {
    const d = await delivery();
    snsMock.on(PublishCommand).resolves({ MessageId: 'm' });
    const huge = bulky('huge-1', 3000, 150); // ~480 KB of JSON
    expect(JSON.stringify(huge).length).toBeGreaterThan(400 * 1024);
    const out = await deliverAlerts([huge], d);
    expect(out.published).toEqual(['huge-1']);

    const item = (await ddb.doc.send(new GetCommand({ TableName: d.table, Key: { pk: 'alert#huge-1' } }))).Item!;
    expect(itemBytes(item)).toBeLessThanOrEqual(ALERT_ITEM_BUDGET);
    expect(item).toMatchObject({ trimmed: true, archiveKey: alertArchiveKey(huge), sent: true });
    const stored = AlertSchema.parse(JSON.parse(String(item.alert)));
    expect(stored.evidence.objects).toHaveLength(10);
    expect(stored.evidence.facts).toMatchObject({ truncated: true, fullAlert: `s3://alerts/${alertArchiveKey(huge)}`, omitted: { objects: 2990, sample: 2990 } });

    const copy = await s3.client.send(new GetObjectCommand({ Bucket: 'alerts', Key: alertArchiveKey(huge) }));
    expect(JSON.parse(await copy.Body!.transformToString())).toEqual(huge); // the trimmed one did not overwrite it

    const [msg] = published();
    expect(publishBytes(msg!)).toBeLessThanOrEqual(SNS_MESSAGE_BUDGET);
    expect(defaultJson(msg!)).toMatchObject({ summary: true, id: 'huge-1', detector: 'crm.export-volume', tier: 2, fullAlert: { bucket: 'alerts', key: alertArchiveKey(huge) } });
    expect(JSON.parse(msg!.Message!).email).toContain(`s3://alerts/${alertArchiveKey(huge)}`);
  });

  it('sends a summary for an alert that fits its record but not an SNS message (JSON and e-mail text together)', async () => {
    const d = await delivery();
    snsMock.on(PublishCommand).resolves({ MessageId: 'm' });
    const mid = bulky('mid-1', 1000, 120); // ~150 KB: a whole record, a 300 KB message
    await deliverAlerts([mid], d);
    const item = (await ddb.doc.send(new GetCommand({ TableName: d.table, Key: { pk: 'alert#mid-1' } }))).Item!;
    expect(item.trimmed).toBeUndefined();
    const [msg] = published();
    expect(publishBytes(msg!)).toBeLessThanOrEqual(SNS_MESSAGE_BUDGET);
    expect(defaultJson(msg!)).toMatchObject({ summary: true, fullAlert: { bucket: 'alerts', key: alertArchiveKey(mid) } });
  });
});
