import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbAlertStore } from '../../../lib/adapters/alerts/dynamodb-alert-store.ts';
import { deliverAlerts, escalatedAlerts, recordAlerts, republishUnsent } from '../../../lib/adapters/alerts/deliver-alerts.ts';
import { S3AlertArchive, alertArchiveKey } from '../../../lib/adapters/alerts/s3-alert-archive.ts';
import { AlertPublishError, SnsAlertPublisher } from '../../../lib/adapters/alerts/sns-alert-publisher.ts';
import { StdoutAlertPublisher } from '../../../lib/adapters/alerts/stdout-alert-publisher.ts';
import { PassThrough } from 'node:stream';
import { startDynamoDbLocal } from '../../support/dynamodb-local.ts';
import type { DynamoDbLocal } from '../../support/dynamodb-local.ts';
import { startS3rver } from '../../support/s3rver.ts';
import type { S3rverHandle } from '../../support/s3rver.ts';
import { sampleAlert } from './sample-alert.ts';

/*
 * DynamoDB and S3 are real local servers. SNS has no local server on this machine, so the SNS client is mocked
 * with aws-sdk-client-mock: it records Publish calls (success) and injects failures.
 */
const TOPIC = 'arn:aws:sns:eu-west-1:111122223333:hoardwatch-alerts';
let ddb: DynamoDbLocal;
let s3: S3rverHandle;
beforeAll(async () => {
  // One after the other: a failed start must leave the started server assigned, so afterAll stops it.
  ddb = await startDynamoDbLocal();
  s3 = await startS3rver(['alerts']);
});
afterAll(async () => {
  await Promise.all([ddb?.stop(), s3?.stop()]);
});

const sns = new SNSClient({ region: 'eu-west-1' });
const snsMock = mockClient(sns);
afterEach(() => snsMock.reset());

async function delivery() {
  const archive = new S3AlertArchive({ client: s3.client, bucket: 'alerts' });
  const store = new DynamoDbAlertStore({ table: await ddb.createStateTable(), doc: ddb.doc, archive });
  return { store, archive, publisher: new SnsAlertPublisher(sns, TOPIC) };
}

const none = { parked: [], skipped: [] };

async function archived(key: string): Promise<boolean> {
  return s3.client.send(new HeadObjectCommand({ Bucket: 'alerts', Key: key })).then(() => true, () => false);
}

describe('deliverAlerts', () => {
  it('records and archives an alert before publishing it, and publishes it once although delivered twice', async () => {
    const d = await delivery();
    const alert = sampleAlert();
    const key = alertArchiveKey(alert);
    expect(key).toBe(`alerts/dt=2026-11-21/${alert.id}.json`);
    const seenAtPublish: { archived: boolean; unsent: number }[] = [];
    snsMock.on(PublishCommand).callsFake(async () => {
      seenAtPublish.push({ archived: await archived(key), unsent: (await d.store.unsent()).oldestRecordedAt === undefined ? 0 : 1 });
      return { MessageId: 'm-1' };
    });

    const first = await deliverAlerts([alert], d);
    const again = await deliverAlerts([alert, { ...alert, rollup: 2 }], d);

    expect(first).toEqual({ published: [alert.id], duplicates: [], failed: [], ...none });
    expect(again).toEqual({ published: [], duplicates: [alert.id, alert.id], failed: [], ...none });
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(1);
    expect(seenAtPublish).toEqual([{ archived: true, unsent: 1 }]); // recorded (unsent) and copied to S3 first
    const input = snsMock.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(input.TopicArn).toBe(TOPIC);
    expect(JSON.parse(JSON.parse(input.Message!).default)).toEqual(alert);
    expect((await d.store.unsent()).entries).toEqual([]);
    const copy = await s3.client.send(new GetObjectCommand({ Bucket: 'alerts', Key: key }));
    expect(JSON.parse(await copy.Body!.transformToString())).toEqual(alert);
  });

  it('leaves an alert unsent when SNS fails, and republishUnsent sends it later exactly once', async () => {
    const d = await delivery();
    const ok = sampleAlert({ id: 'alert-ok' });
    const unlucky = sampleAlert({ id: 'alert-unlucky', severity: 'medium' });
    snsMock.on(PublishCommand).callsFake(async (input: { Subject: string }) => {
      if (input.Subject.startsWith('[MEDIUM]')) throw Object.assign(new Error('Rate exceeded'), { name: 'Throttled' });
      return { MessageId: 'm' };
    });

    const out = await deliverAlerts([ok, unlucky], d);
    expect(out.published).toEqual(['alert-ok']);
    expect(out.failed.map((f) => f.id)).toEqual(['alert-unlucky']);
    expect(out.failed[0]!.error).toBeInstanceOf(AlertPublishError);
    expect((await d.store.unsent()).entries.map((a) => a.id)).toEqual(['alert-unlucky']);
    // A re-delivered batch does not publish it either: only the unsent retry does.
    expect((await deliverAlerts([unlucky], d)).duplicates).toEqual(['alert-unlucky']);

    snsMock.reset();
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-2' });
    const retried = await republishUnsent(d);
    expect(retried).toMatchObject({ published: ['alert-unlucky'], duplicates: [], failed: [], ...none });
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(1);
    expect(JSON.parse(JSON.parse(snsMock.commandCalls(PublishCommand)[0]!.args[0].input.Message!).default)).toEqual(unlucky);
    expect((await d.store.unsent()).entries).toEqual([]);
    expect((await republishUnsent(d)).published).toEqual([]);
  });

  it('throws when the alert cannot even be recorded, so the caller retries the batch', async () => {
    const store = new DynamoDbAlertStore({ table: 'no-such-table', doc: ddb.doc });
    snsMock.on(PublishCommand).resolves({ MessageId: 'm' });
    await expect(deliverAlerts([sampleAlert()], { store, publisher: new SnsAlertPublisher(sns, TOPIC) })).rejects.toThrow(/recording alert#/);
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(0);
  });
});

describe('DynamoDbAlertStore.unsent', () => {
  it('pages through the unsent index up to the limit', async () => {
    const { store } = await delivery();
    for (let n = 0; n < 7; n++) expect(await store.record(sampleAlert({ id: `a-${n}` }))).toBe('fresh');
    expect(await store.record(sampleAlert({ id: 'a-0' }))).toBe('duplicate');
    expect('claimed' in (await store.claim('a-3', 'me'))).toBe(true);
    expect(await store.markSent('a-3', 'me', 0)).toBe(true);
    expect((await store.unsent(4)).entries.length).toBe(4);
    expect((await store.unsent()).entries.map((a) => a.id).sort()).toEqual(['a-0', 'a-1', 'a-2', 'a-4', 'a-5', 'a-6']);
    expect(await store.claim('never-recorded', 'me')).toEqual({ refused: 'missing' });
  });
});

describe('StdoutAlertPublisher', () => {
  it('prints one alert per line as JSON', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const p = new StdoutAlertPublisher(out);
    await p.publish(sampleAlert({ id: 'x1' }));
    await p.publish(sampleAlert({ id: 'x2' }));
    const lines = Buffer.concat(chunks).toString().trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id);
    expect(lines).toEqual(['x1', 'x2']);
  });
});

describe('escalatedAlerts', () => {
  it('republishes a Tier-2 alert that an exfiltration chain joined, with the chain in its evidence, once', async () => {
    const d = await delivery();
    const alert = sampleAlert({ id: 'chain-join-1' });
    await recordAlerts([alert], d);
    const chain = {
      windowHours: 6, total: 2, steps: [
        { time: '2026-11-21T02:10:00Z', role: 'collection' as const, source: 'salesforce' as const, app: 'salesforce' as const, action: 'export' as const, object: 'Contact', event: 'ev-1' },
        { time: '2026-11-21T03:00:00Z', role: 'leaving' as const, source: 'm365' as const, app: 'onedrive' as const, action: 'public_link' as const, destination: 'public link', event: 'ev-9' },
      ],
    };
    // Same tier, no chain: nothing new to publish.
    expect(await escalatedAlerts([{ id: alert.id, update: 1, tier: 2, reasons: ['large-export'] }], d)).toEqual([]);
    const [update] = await escalatedAlerts([{ id: alert.id, update: 1, tier: 2, reasons: ['large-export', 'exfiltration-chain'], chain }], d);
    expect(update?.evidence.chain).toEqual(chain);
    expect(update?.update).toBe(1);
    expect(update?.escalation.reasons).toContain('exfiltration-chain');
    expect(await recordAlerts([update!], d)).toMatchObject({ updates: [update] });
    // The recorded alert now carries that chain: the same escalation again is no news.
    expect(await escalatedAlerts([{ id: alert.id, update: 1, tier: 2, reasons: ['large-export', 'exfiltration-chain'], chain }], d)).toEqual([]);
  });
});
