import { GetObjectCommand } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler as bundledHandler } from '../../lambdas/collect-okta.ts';
import { createLogger } from '../../lib/adapters/logging/logger.ts';
import type { Envelope } from '../../lib/core/envelope.ts';
import { collectorFromEnv } from '../../lib/sources/okta/index.ts';
import { createCollectHandler } from '../../lambdas/runtime/collect-handler.ts';
import { SourceSecretError, secretToEnv } from '../../lambdas/runtime/source-secret.ts';
import { startFakeSqs } from '../adapters/handoff/fake-sqs-server.ts';
import { oktaEvent, startFakeOktaServer, type FakeOktaServer } from '../support/fake-okta-server.ts';
import { startDynamoDbLocal, type DynamoDbLocal } from '../support/dynamodb-local.ts';
import { startS3rver, type S3rverHandle } from '../support/s3rver.ts';
import { startFakeSecretsManager } from './fake-secrets-manager.ts';

const TOKEN = '00aLambdaOktaSSWS-secret-token-value-000000';
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:hoardwatch-okta-AbCdEf';
let ddb: DynamoDbLocal;
let s3: S3rverHandle;
let okta: FakeOktaServer;
let sqs: Awaited<ReturnType<typeof startFakeSqs>>;
let sm: Awaited<ReturnType<typeof startFakeSecretsManager>>;
beforeAll(async () => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  ddb = await startDynamoDbLocal();
  s3 = await startS3rver(['raw']);
  okta = await startFakeOktaServer({ token: TOKEN });
  sqs = await startFakeSqs();
  sm = await startFakeSecretsManager({ [SECRET_ARN]: JSON.stringify({ orgUrl: okta.url, apiToken: TOKEN }) });
});
afterAll(async () => {
  await Promise.all([ddb?.stop(), s3?.stop(), okta?.close(), sqs?.stop(), sm?.stop()]);
});

const local = { region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 };

describe('collect-okta handler', () => {
  it('pulls with the secret’s org URL and SSWS token, writes batches to S3, hands off, and never logs the token', async () => {
    expect(typeof bundledHandler).toBe('function');
    okta.add(oktaEvent('o1', Date.now() - 600_000), oktaEvent('o2', Date.now() - 300_000));
    const table = await ddb.createStateTable();
    const lines: string[] = [];
    const log = createLogger('collect-okta-test');
    vi.spyOn(log.logger, 'info').mockImplementation((...args: unknown[]) => void lines.push(JSON.stringify(args)));
    const handler = createCollectHandler('okta', (env, opts) => collectorFromEnv(env, opts), {
      env: { STATE_TABLE: table, RAW_BUCKET: 'raw', HANDOFF_QUEUE_URL: `${sqs.endpoint}/000000000000/batches.fifo`, SOURCE_SECRET_ARN: SECRET_ARN },
      doc: ddb.doc, s3: s3.client, sqs: new SQSClient({ ...local, endpoint: sqs.endpoint }), secrets: new SecretsManagerClient({ ...local, endpoint: sm.endpoint }), log,
    });
    const first = await handler({}, { getRemainingTimeInMillis: () => 120_000 });
    expect(first).toMatchObject({ source: 'okta', status: 'completed', envelopes: 2, batches: 1 });
    expect(okta.requests.every((r) => r.authorization === `SSWS ${TOKEN}`)).toBe(true);
    const msg = JSON.parse(String(sqs.requests.at(-1)!.body.MessageBody)) as { key: string; source: string };
    expect(msg.key).toMatch(/^raw\/source=okta\/stream=logs\//);
    const obj = await s3.client.send(new GetObjectCommand({ Bucket: 'raw', Key: msg.key }));
    const envs = gunzipSync(Buffer.from(await obj.Body!.transformToByteArray())).toString().trim().split('\n').map((l) => JSON.parse(l) as Envelope);
    expect(envs.map((e) => e.id).sort()).toEqual(['o1', 'o2']);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('maps both secret shapes and names bad fields, never values', () => {
    expect(secretToEnv('okta', JSON.stringify({ orgUrl: 'https://x.okta.com', apiToken: 'T' }))).toEqual({ env: { OKTA_ORG_URL: 'https://x.okta.com', OKTA_API_TOKEN: 'T' }, values: ['T'] });
    expect(secretToEnv('okta', JSON.stringify({ orgUrl: 'https://x.okta.com', clientId: 'c', privateKey: 'PEM', keyId: 'k1' })))
      .toEqual({ env: { OKTA_ORG_URL: 'https://x.okta.com', OKTA_CLIENT_ID: 'c', OKTA_PRIVATE_KEY: 'PEM', OKTA_KEY_ID: 'k1' }, values: ['PEM'] });
    expect(() => secretToEnv('okta', JSON.stringify({ orgUrl: 'https://x.okta.com', apiToken: '' }))).toThrow(SourceSecretError);
    // Both ways at once is ambiguous: refused.
    expect(() => secretToEnv('okta', JSON.stringify({ orgUrl: 'https://x.okta.com', apiToken: 'SECRETX', clientId: 'c', privateKey: 'p' }))).toThrow(SourceSecretError);
    try {
      secretToEnv('okta', JSON.stringify({ orgUrl: 'https://x.okta.com', apiToken: 'SECRETX', extra: 1 }));
    } catch (e) {
      expect((e as Error).message).not.toContain('SECRETX');
    }
  });
});
