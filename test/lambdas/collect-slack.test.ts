import { GetObjectCommand } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../lib/adapters/logging/logger.ts';
import { DynamoDbCheckpointStore } from '../../lib/adapters/checkpoints/dynamodb-checkpoint-store.ts';
import type { Envelope } from '../../lib/core/envelope.ts';
import { collectorFromEnv } from '../../lib/sources/slack/index.ts';
import { budgetFor, createCollectHandler } from '../../lambdas/runtime/collect-handler.ts';
import { SourceSecretError, secretToEnv } from '../../lambdas/runtime/source-secret.ts';
import { startFakeSqs } from '../adapters/handoff/fake-sqs-server.ts';
import { slackEntry, startFakeSlackServer } from '../support/fake-slack-server.ts';
import type { FakeSlackServer } from '../support/fake-slack-server.ts';
import { startDynamoDbLocal } from '../support/dynamodb-local.ts';
import type { DynamoDbLocal } from '../support/dynamodb-local.ts';
import { startS3rver } from '../support/s3rver.ts';
import type { S3rverHandle } from '../support/s3rver.ts';
import { startFakeSecretsManager } from './fake-secrets-manager.ts';

const TOKEN = 'xoxp-1111-2222-secret-token-value';
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:hoardwatch-slack-AbCdEf';
let ddb: DynamoDbLocal;
let s3: S3rverHandle;
let slack: FakeSlackServer;
let sqs: Awaited<ReturnType<typeof startFakeSqs>>;
let sm: Awaited<ReturnType<typeof startFakeSecretsManager>>;
beforeAll(async () => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  // One after the other: a failed start must leave the servers already started assigned, so afterAll stops them.
  ddb = await startDynamoDbLocal();
  s3 = await startS3rver(['raw']);
  slack = await startFakeSlackServer({ token: TOKEN });
  sqs = await startFakeSqs();
  sm = await startFakeSecretsManager({ [SECRET_ARN]: JSON.stringify({ token: TOKEN }) });
});
afterAll(async () => {
  await Promise.all([ddb?.stop(), s3?.stop(), slack?.close(), sqs?.stop(), sm?.stop()]);
});

const local = { region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 };

describe('collect-slack handler', () => {
  it('pulls with the secret’s token, writes batches to S3, checkpoints, hands off, and never logs the token', async () => {
    const now = Math.floor(Date.now() / 1000);
    slack.add(slackEntry('e1', now - 600), slackEntry('e2', now - 300));
    const table = await ddb.createStateTable();
    const lines: string[] = [];
    const log = createLogger('collect-slack-test');
    vi.spyOn(log.logger, 'info').mockImplementation((...args: unknown[]) => void lines.push(JSON.stringify(args)));
    const handler = createCollectHandler('slack', (env, opts) => collectorFromEnv(env, opts), {
      env: { STATE_TABLE: table, RAW_BUCKET: 'raw', HANDOFF_QUEUE_URL: `${sqs.endpoint}/000000000000/batches.fifo`, SOURCE_SECRET_ARN: SECRET_ARN, SLACK_API_BASE_URL: slack.url },
      doc: ddb.doc,
      s3: s3.client,
      sqs: new SQSClient({ ...local, endpoint: sqs.endpoint }),
      secrets: new SecretsManagerClient({ ...local, endpoint: sm.endpoint }),
      log,
    });
    const ctx = { getRemainingTimeInMillis: () => 120_000 };

    const first = await handler({}, ctx);
    expect(first).toMatchObject({ source: 'slack', status: 'completed', envelopes: 2, batches: 1 });
    expect(slack.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);

    const msg = JSON.parse(String(sqs.requests.at(-1)!.body.MessageBody)) as { bucket: string; key: string; seq: number; source: string };
    expect(msg).toMatchObject({ bucket: 'raw', source: 'slack', seq: 1 });
    const obj = await s3.client.send(new GetObjectCommand({ Bucket: 'raw', Key: msg.key }));
    const envs = gunzipSync(Buffer.from(await obj.Body!.transformToByteArray())).toString().trim().split('\n').map((l) => JSON.parse(l) as Envelope);
    expect(envs.map((e) => e.id).sort()).toEqual(['e1', 'e2']);
    expect((await new DynamoDbCheckpointStore({ table, doc: ddb.doc }).get('slack'))?.version).toBeGreaterThan(0);

    const second = await handler({}, ctx); // nothing new: no batch, secret served from the container cache
    expect(second.envelopes).toBe(0);
    expect(sm.calls).toEqual([SECRET_ARN]);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('emits the run\'s collection health as CloudWatch metrics (EMF), budget-exhausted runs included', async () => {
    const now = Math.floor(Date.now() / 1000);
    slack.add(slackEntry('h1', now - 120), slackEntry('h2', now - 60));
    const table = await ddb.createStateTable();
    let slow = false;
    const handler = createCollectHandler('slack', (env, opts) => collectorFromEnv(env, opts), {
      env: { STATE_TABLE: table, RAW_BUCKET: 'raw', HANDOFF_QUEUE_URL: `${sqs.endpoint}/000000000000/batches.fifo`, SOURCE_SECRET_ARN: SECRET_ARN, SLACK_API_BASE_URL: slack.url, SLACK_PAGE_LIMIT: '1' },
      // A slow vendor: each page takes longer than the whole budget of a Lambda about to time out.
      fetch: async (input, init) => {
        if (slow) await new Promise((r) => setTimeout(r, 1_100));
        return fetch(input, init);
      },
      doc: ddb.doc, s3: s3.client, sqs: new SQSClient({ ...local, endpoint: sqs.endpoint }), secrets: new SecretsManagerClient({ ...local, endpoint: sm.endpoint }),
      log: createLogger('collect-slack-test'),
    });
    const emitted = async (remainingMs: number): Promise<Record<string, unknown>> => {
      const out: string[] = [];
      const spy = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => (out.push(String(c)), true));
      process.env.POWERTOOLS_METRICS_DISABLED = 'false';
      try {
        await handler({}, { getRemainingTimeInMillis: () => remainingMs });
      } finally {
        process.env.POWERTOOLS_METRICS_DISABLED = 'true';
        spy.mockRestore();
      }
      const emf = out.join('').split('\n').filter((l) => l.includes('"_aws"')).map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(emf).toHaveLength(1);
      return emf[0]!;
    };
    const first = await emitted(120_000);
    // A fresh table: the entries of the test above (same fake Slack) are new to it too.
    expect(first).toMatchObject({ service: 'collect-slack', CollectedRecords: 4, DuplicatesDropped: 0, BudgetExhausted: 0, VendorQuotaStopped: 0, OffContractRecords: 0, SkippedPastRetention: 0 });
    expect(first.NewestEventAgeSeconds).toBeGreaterThanOrEqual(60);
    expect(first.CollectionLagSeconds).toBeLessThan(60);
    // A Lambda with almost no time left (1 s of pull budget) against a slow vendor: stopped on its budget, reported.
    slack.add(slackEntry('h3', now - 30), slackEntry('h4', now - 20));
    slow = true;
    const starved = await emitted(1);
    expect(starved).toMatchObject({ BudgetExhausted: 1, CollectedRecords: 1 });
  });

  it('fails the run with a typed error naming fields, not values, when the secret is malformed', () => {
    expect(() => secretToEnv('slack', JSON.stringify({ tok: TOKEN }))).toThrow(SourceSecretError);
    expect(() => secretToEnv('slack', JSON.stringify({ tok: TOKEN }))).toThrow(/token/);
    expect(() => secretToEnv('m365', JSON.stringify({ tenantId: 't', clientId: 'c', clientSecret: '' }))).toThrow(/fields: clientSecret$/);
    expect(secretToEnv('salesforce', JSON.stringify({ loginUrl: 'https://x.my.salesforce.com', clientId: 'c', username: 'u', privateKey: 'PEM' })).env)
      .toEqual({ SALESFORCE_LOGIN_URL: 'https://x.my.salesforce.com', SALESFORCE_CLIENT_ID: 'c', SALESFORCE_USERNAME: 'u', SALESFORCE_PRIVATE_KEY: 'PEM' });
  });

  it('leaves time for the last write after the pull budget', () => {
    expect(budgetFor(15 * 60_000)).toBe(14 * 60_000);
    expect(budgetFor(60_000)).toBe(45_000);
  });
});
