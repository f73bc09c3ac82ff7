import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../lambdas/collect-google-workspace.ts';
import { createCollectHandler } from '../../lambdas/runtime/collect-handler.ts';
import { SourceSecretError, secretToEnv } from '../../lambdas/runtime/source-secret.ts';
import { createLogger } from '../../lib/adapters/logging/logger.ts';
import { RedactingLogFormatter } from '../../lib/adapters/logging/redacting-log-formatter.ts';
import type { Envelope } from '../../lib/core/envelope.ts';
import { startFakeSqs } from '../adapters/handoff/fake-sqs-server.ts';
import { startDynamoDbLocal, type DynamoDbLocal } from '../support/dynamodb-local.ts';
import { driveActivity, startFakeGoogleWorkspaceServer, type FakeGoogleWorkspaceServer } from '../support/fake-google-workspace-server.ts';
import { startS3rver, type S3rverHandle } from '../support/s3rver.ts';
import { serviceAccountKey } from '../support/service-account-key.ts';
import { startFakeSecretsManager } from './fake-secrets-manager.ts';

const KEY = serviceAccountKey();
const CLIENT = 'hoardwatch@project.iam.gserviceaccount.com';
const SUBJECT = 'reports-admin@example.com';
const ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:hoardwatch-google-workspace-AbCdEf';
const local = { region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 };

let ddb: DynamoDbLocal;
let s3: S3rverHandle;
let sqs: Awaited<ReturnType<typeof startFakeSqs>>;
let sm: Awaited<ReturnType<typeof startFakeSecretsManager>>;
let gw: FakeGoogleWorkspaceServer;
beforeAll(async () => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  ddb = await startDynamoDbLocal();
  s3 = await startS3rver(['raw']);
  sqs = await startFakeSqs();
  gw = await startFakeGoogleWorkspaceServer({ clientEmail: CLIENT, subject: SUBJECT, publicKeyPem: KEY.publicKeyPem, now: Date.now });
  // The secret as Google issues the key file, plus the admin to act as.
  sm = await startFakeSecretsManager({ [ARN]: JSON.stringify({ type: 'service_account', client_email: CLIENT, private_key: KEY.privateKeyPem, private_key_id: 'k1', subject: SUBJECT }) });
});
afterAll(async () => {
  await Promise.all([ddb?.stop(), s3?.stop(), sqs?.stop(), sm?.stop(), gw?.close()]);
});

describe('collect-google-workspace handler', () => {
  it('collects with the secret\'s service account into S3 and never lets the key or the access token reach a log line', async () => {
    gw.add(driveActivity(Date.now() - 60_000), driveActivity(Date.now() - 30_000));
    const log = createLogger('collect-gw-test');
    const run = createCollectHandler('google-workspace', build, {
      env: {
        STATE_TABLE: await ddb.createStateTable(), RAW_BUCKET: 'raw', HANDOFF_QUEUE_URL: `${sqs.endpoint}/000000000000/batches.fifo`, SOURCE_SECRET_ARN: ARN,
        GOOGLE_WORKSPACE_API_BASE_URL: gw.url, GOOGLE_WORKSPACE_TOKEN_URL: gw.tokenUrl, GOOGLE_WORKSPACE_APPLICATIONS: 'drive',
      },
      doc: ddb.doc, s3: s3.client, sqs: new SQSClient({ ...local, endpoint: sqs.endpoint }),
      secrets: new SecretsManagerClient({ ...local, endpoint: sm.endpoint }), log,
    });
    const r = await run({}, { getRemainingTimeInMillis: () => 120_000 });
    expect(r).toMatchObject({ status: 'completed', envelopes: 2 });
    const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: 'raw', Prefix: 'raw/source=google-workspace/stream=drive/' }));
    expect(listed.Contents).toHaveLength(1);
    const obj = await s3.client.send(new GetObjectCommand({ Bucket: 'raw', Key: listed.Contents![0]!.Key! }));
    const envs = gunzipSync(Buffer.from(await obj.Body!.transformToByteArray())).toString().trim().split('\n').map((l) => JSON.parse(l) as Envelope);
    expect(envs.map((e) => e.source)).toEqual(['google-workspace', 'google-workspace']);
    const token = gw.issuedTokens.at(-1)!;
    expect(token).toMatch(/^ya29\./);
    const f = new RedactingLogFormatter(log.redactor);
    expect(f.text(`bearer ${token} in a message`)).not.toContain(token);
    const keyBody = KEY.privateKeyPem.split('\n')[1]!;
    expect(f.text(`key ${KEY.privateKeyPem}`)).not.toContain(keyBody);
  }, 60_000);

  it('reads both secret spellings and names missing fields, never values', () => {
    const camel = secretToEnv('google-workspace', JSON.stringify({ clientEmail: CLIENT, privateKey: 'PEM-TEXT', subject: SUBJECT, customerId: 'C01' }));
    expect(camel.env).toEqual({ GOOGLE_WORKSPACE_CLIENT_EMAIL: CLIENT, GOOGLE_WORKSPACE_PRIVATE_KEY: 'PEM-TEXT', GOOGLE_WORKSPACE_SUBJECT: SUBJECT, GOOGLE_WORKSPACE_CUSTOMER_ID: 'C01' });
    expect(camel.values).toEqual(['PEM-TEXT']);
    expect(() => secretToEnv('google-workspace', JSON.stringify({ client_email: CLIENT, private_key: 'PEM-TEXT' }))).toThrow(SourceSecretError);
    expect(() => secretToEnv('google-workspace', JSON.stringify({ client_email: CLIENT, private_key: 'PEM-TEXT' }))).toThrow(/subject/);
    expect(() => secretToEnv('google-workspace', JSON.stringify({ client_email: CLIENT, private_key: 'PEM-TEXT' }))).not.toThrow(/PEM-TEXT/);
  });
});
