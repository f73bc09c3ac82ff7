import { Metrics } from '@aws-lambda-powertools/metrics';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoDbAlertStore } from '../../lib/adapters/alerts/dynamodb-alert-store.ts';
import { S3AlertArchive } from '../../lib/adapters/alerts/s3-alert-archive.ts';
import { SnsAlertPublisher } from '../../lib/adapters/alerts/sns-alert-publisher.ts';
import { S3BatchSink } from '../../lib/adapters/batches/s3-batch-sink.ts';
import { S3BatchSource } from '../../lib/adapters/batches/s3-batch-source.ts';
import { writeQuarantine } from '../../lib/adapters/batches/s3-quarantine-writer.ts';
import { DynamoDbBatchLedger } from '../../lib/adapters/state/dynamodb-batch-ledger.ts';
import { DynamoDbState } from '../../lib/adapters/state/dynamodb-state.ts';
import { defaultConfig } from '../../lib/core/config.ts';
import { batchKey } from '../../lib/core/envelope.ts';
import type { Envelope } from '../../lib/core/envelope.ts';
import { detectObject } from '../../lambdas/runtime/detect-object.ts';
import { slackDownload } from '../replay/vendor-fixtures.ts';
import { startDynamoDbLocal } from '../support/dynamodb-local.ts';
import type { DynamoDbLocal } from '../support/dynamodb-local.ts';
import { startS3rver } from '../support/s3rver.ts';
import { storedItemBytes } from '../support/table-items.ts';
import type { S3rverHandle } from '../support/s3rver.ts';

/* DynamoDB Local and s3rver are real; SNS is aws-sdk-client-mock. */
const NOW = Date.parse('2026-11-21T04:00:00Z');
let ddb: DynamoDbLocal;
let s3: S3rverHandle;
const sns = new SNSClient({ region: 'eu-west-1' });
const snsMock = mockClient(sns);
beforeAll(async () => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  ddb = await startDynamoDbLocal();
  s3 = await startS3rver(['raw']);
});
afterAll(async () => {
  await Promise.all([ddb?.stop(), s3?.stop()]);
});

/** A download from a new IP each time: every one grows the person's first-seen sets. */
function download(i: number, user: string): Envelope {
  const e = slackDownload(i, NOW - 3 * 3_600_000 + i * 30_000, user);
  (e.context as Record<string, unknown>).ip_address = `198.51.${Math.floor(i / 250)}.${i % 250}`;
  return { v: 1, source: 'slack', stream: 'audit', id: String(e.id), fetchedAt: '2026-11-21T03:10:00Z', record: e };
}

describe('detectObject with a state item over budget (P0-3, adapter side)', () => {
  it('logs and counts OversizeItems, leaves that item unwritten, and finishes the batch', async () => {
    snsMock.on(PublishCommand).resolves({ MessageId: 'm' });
    const table = await ddb.createStateTable();
    const key = batchKey('slack', 'audit', new Date('2026-11-21T03:10:00Z'), 'run-oversize', 1);
    await new S3BatchSink({ client: s3.client, bucket: 'raw' }).write(key, [...Array.from({ length: 150 }, (_, i) => download(i, 'W0NOISY')), download(151, 'W0QUIET')]);
    const metrics = new Metrics({ namespace: 'Test' });
    const added: Record<string, number[]> = {};
    vi.spyOn(metrics, 'addMetric').mockImplementation((name: string, _u, v: number) => {
      (added[name] ??= []).push(v);
      return metrics;
    });
    const warnings: [string, Record<string, unknown>][] = [];
    const doc = ddb.doc;
    const detect = (stateTable: string, itemBudget?: number) => detectObject('raw', key, {
      state: new DynamoDbState({ table: stateTable, doc, now: () => NOW, ...(itemBudget === undefined ? {} : { itemBudget }) }),
      ledger: new DynamoDbBatchLedger({ table: stateTable, doc, now: () => NOW }),
      config: defaultConfig(),
      now: () => NOW,
      sourceFor: (bucket) => new S3BatchSource(s3.client, bucket),
      quarantine: (bucket, k, lines) => writeQuarantine({ client: s3.client, bucket }, k, lines),
      delivery: { store: new DynamoDbAlertStore({ table: stateTable, doc, now: () => NOW }), archive: new S3AlertArchive({ client: s3.client, bucket: 'raw' }), publisher: new SnsAlertPublisher(sns, 'arn:aws:sns:eu-west-1:111122223333:a') },
      metrics,
      warn: (message, data) => void warnings.push([message, data]),
    });
    // The noisy person's profile as encoded and stored when nothing is over budget (a table of its own).
    const probe = await ddb.createStateTable();
    await detect(probe);
    const noisy = (await storedItemBytes(doc, probe)).get('profile#slack:W0NOISY')!;
    for (const name of Object.keys(added)) delete added[name];
    warnings.length = 0;
    // A budget one byte under it: that profile is left out, the rest (smaller) is saved. The real one is 350 KB.
    const summary = await detect(table, noisy - 1);
    expect(summary).toMatchObject({ records: 151, oversizeItems: 1, alreadyProcessed: false });
    expect(added.OversizeItems).toEqual([1]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]![1]).toMatchObject({ items: [{ kind: 'profile', key: 'slack:W0NOISY' }] });
    const snap = await new DynamoDbState({ table, doc, now: () => NOW }).load({ principals: ['slack:W0NOISY', 'slack:W0QUIET'], identities: [] });
    expect([...snap.profiles.keys()]).toEqual(['slack:W0QUIET']);
    // Counted as processed: a re-delivery changes nothing and does not fail either.
    const again = await detectObject('raw', key, {
      state: new DynamoDbState({ table, doc, now: () => NOW }), ledger: new DynamoDbBatchLedger({ table, doc, now: () => NOW }), config: defaultConfig(),
      now: () => NOW, sourceFor: (bucket) => new S3BatchSource(s3.client, bucket), quarantine: async () => undefined,
      delivery: { store: new DynamoDbAlertStore({ table, doc, now: () => NOW }), publisher: new SnsAlertPublisher(sns, 'arn:aws:sns:eu-west-1:111122223333:a') },
      metrics,
    });
    expect(again.alreadyProcessed).toBe(true);
  });
});
