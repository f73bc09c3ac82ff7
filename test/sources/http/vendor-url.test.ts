import { describe, expect, it } from 'vitest';
import { isSecureVendorUrl } from '../../../lib/sources/http/vendor-url.ts';
import { VendorResponseError } from '../../../lib/sources/http/errors.ts';
import { createM365Collector } from '../../../lib/sources/m365/index.ts';
import { CollectorSetupError } from '../../../lib/sources/run/errors.ts';
import { createSalesforceCollector } from '../../../lib/sources/salesforce/index.ts';
import { collectorFromEnv as slackFromEnv } from '../../../lib/sources/slack/index.ts';
import { FileDedupeBackend } from '../../../lib/adapters/dedupe/file-dedupe-backend.ts';
import { startScriptedHttpServer } from '../../support/scripted-http-server.ts';

const plain = ['http://api.slack.com', 'http://10.0.0.5:8080', 'http://example.com/manage', 'ftp://127.0.0.1', 'https://user:pw@login.example.com'];
const fine = ['https://api.slack.com', 'https://manage.office.com', 'http://127.0.0.1:4567', 'http://localhost:9', 'http://[::1]:80/x'];

describe('vendor base URLs', () => {
  it('are https, or plain http to this machine only', () => {
    for (const u of plain) expect(isSecureVendorUrl(u), u).toBe(false);
    for (const u of fine) expect(isSecureVendorUrl(u), u).toBe(true);
  });

  it('are refused by every collector before any request, naming the setting only', () => {
    const secret = 'Sup3r~Secret.Value_42';
    for (const url of plain.slice(0, 3)) {
      expect(() => slackFromEnv({ SLACK_TOKEN: `xoxp-${secret}`, SLACK_API_BASE_URL: url })).toThrow(/SLACK_API_BASE_URL/);
      expect(() => createM365Collector({ tenantId: 't', clientId: 'c', clientSecret: secret, apiBaseUrl: url })).toThrow(CollectorSetupError);
      expect(() => createM365Collector({ tenantId: 't', clientId: 'c', clientSecret: secret, loginBaseUrl: url })).toThrow(/loginBaseUrl/);
      expect(() => createSalesforceCollector({ loginUrl: url, auth: { kind: 'client_credentials', clientId: 'c', clientSecret: secret } })).toThrow(/loginUrl/);
      try {
        createSalesforceCollector({ loginUrl: url, auth: { kind: 'client_credentials', clientId: 'c', clientSecret: secret } });
      } catch (e) {
        expect(String(e)).not.toContain(secret);
      }
    }
  });

  it('Salesforce: a token response naming a plain-http instance is rejected; the token is never sent there', async () => {
    const login = await startScriptedHttpServer();
    try {
      login.reply({ status: 200, body: { access_token: '00Dfake!token-value', instance_url: 'http://evil.example.com', token_type: 'Bearer' } });
      const c = createSalesforceCollector(
        { loginUrl: login.url, auth: { kind: 'client_credentials', clientId: 'c', clientSecret: 'client-secret-value' }, rtem: { objects: [] } },
        { sleep: async () => undefined },
      );
      const checkpoints = { get: async () => null, put: async () => 1, acquireLease: async () => true, releaseLease: async () => undefined };
      const err = await c.runOnce({ sink: { write: async () => ({ uri: '', bytes: 0 }) }, checkpoints, dedupe: new FileDedupeBackend('/nonexistent-hw', 'salesforce') }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(VendorResponseError);
      expect(String(err)).toMatch(/instance_url/);
      expect(login.received.length).toBe(1); // the token request only
    } finally {
      await login.close();
    }
  });
});
