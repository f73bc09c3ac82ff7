import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build as buildM365 } from '../../lambdas/collect-m365.ts';
import { build as buildSalesforce } from '../../lambdas/collect-salesforce.ts';
import { createLogger } from '../../lib/adapters/logging/logger.ts';
import { RedactingLogFormatter } from '../../lib/adapters/logging/redacting-log-formatter.ts';
import { createCollectHandler } from '../../lambdas/runtime/collect-handler.ts';
import { startFakeSqs } from '../adapters/handoff/fake-sqs-server.ts';
import { startDynamoDbLocal, type DynamoDbLocal } from '../support/dynamodb-local.ts';
import { FakeM365Server } from '../support/fake-m365-server.ts';
import { FakeSalesforceServer } from '../support/fake-salesforce-server.ts';
import { startS3rver, type S3rverHandle } from '../support/s3rver.ts';
import { startFakeSecretsManager } from './fake-secrets-manager.ts';

const SF_ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:hoardwatch-salesforce-AbCdEf';
const M365_ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:hoardwatch-m365-AbCdEf';
const TENANT = '8f4a1c62-77d3-4b0e-9a55-2c1de9f80b31';
const local = { region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 };

let ddb: DynamoDbLocal;
let s3: S3rverHandle;
let sqs: Awaited<ReturnType<typeof startFakeSqs>>;
let sm: Awaited<ReturnType<typeof startFakeSecretsManager>>;
let sf: FakeSalesforceServer;
let m365: FakeM365Server;
beforeAll(async () => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  ddb = await startDynamoDbLocal();
  s3 = await startS3rver(['raw']);
  sqs = await startFakeSqs();
  sf = new FakeSalesforceServer({ clientId: 'sf-client', clientSecret: 'sf-client-secret-value', now: () => new Date() });
  await sf.start();
  m365 = new FakeM365Server({ tenantId: TENANT, clientId: 'm365-client', clientSecret: 'm365-client-secret-value', now: () => new Date() });
  await m365.start();
  sm = await startFakeSecretsManager({
    [SF_ARN]: JSON.stringify({ loginUrl: sf.baseUrl, clientId: 'sf-client', clientSecret: 'sf-client-secret-value' }),
    [M365_ARN]: JSON.stringify({ tenantId: TENANT, clientId: 'm365-client', clientSecret: 'm365-client-secret-value' }),
  });
});
afterAll(async () => {
  await Promise.all([ddb?.stop(), s3?.stop(), sqs?.stop(), sm?.stop(), sf?.stop(), m365?.stop()]);
});

async function deps(secretArn: string, extraEnv: Record<string, string>) {
  return {
    env: { STATE_TABLE: await ddb.createStateTable(), RAW_BUCKET: 'raw', HANDOFF_QUEUE_URL: `${sqs.endpoint}/000000000000/batches.fifo`, SOURCE_SECRET_ARN: secretArn, ...extraEnv },
    doc: ddb.doc,
    s3: s3.client,
    sqs: new SQSClient({ ...local, endpoint: sqs.endpoint }),
    secrets: new SecretsManagerClient({ ...local, endpoint: sm.endpoint }),
    log: createLogger('collect-tokens-test'),
  };
}

describe('the deployed collect handlers (their own builders) register runtime tokens with the Lambda logger', () => {
  it('the Salesforce session token obtained during the run can never be printed by the logger', async () => {
    const d = await deps(SF_ARN, { SALESFORCE_RTEM_OBJECTS: 'none' });
    const run = createCollectHandler('salesforce', buildSalesforce, d);
    const r = await run({}, { getRemainingTimeInMillis: () => 120_000 });
    expect(r.status).toBe('completed');
    const token = sf.issuedTokens.at(-1)!;
    expect(token).toBeTruthy();
    const formatter = new RedactingLogFormatter(d.log.redactor);
    expect(formatter.text(`session ${token} in a message`)).not.toContain(token);
    expect(formatter.text('the client secret sf-client-secret-value')).not.toContain('sf-client-secret-value');
  });

  it('the M365 bearer token too', async () => {
    m365.subscriptions.set('Audit.SharePoint', 'enabled');
    const d = await deps(M365_ARN, { M365_LOGIN_BASE_URL: m365.loginBaseUrl, M365_API_BASE_URL: m365.apiBaseUrl, M365_CONTENT_TYPES: 'Audit.SharePoint' });
    const run = createCollectHandler('m365', buildM365, d);
    const r = await run({}, { getRemainingTimeInMillis: () => 120_000 });
    expect(r.status).toBe('completed');
    expect(m365.tokensIssued).toBeGreaterThan(0);
    const token = `fake-m365-token-${m365.tokensIssued}`;
    expect(new RedactingLogFormatter(d.log.redactor).text(`Authorization was ${token}`)).not.toContain(token);
  });
});
