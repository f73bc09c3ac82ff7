import { HttpClient } from '../http/http-client.ts';
import { sharedHttpOptions, type RetryingCollectorOptions } from '../http/retry-log.ts';
import type { Collector } from '../run/collector.ts';
import { collectorFrom } from '../run/runner.ts';
import { SalesforceApi } from './api.ts';
import { classifySalesforce, classifySalesforceToken } from './classify.ts';
import { salesforcePullLoop, type SalesforcePullStats } from './pull-loop.ts';
import { parseSalesforceSettings, salesforceSettingsFromEnv, type SalesforceSettings, type SalesforceSettingsInput } from './settings.ts';
import { SalesforceTokenProvider } from './token.ts';

export { SalesforceSettingsSchema, parseSalesforceSettings, salesforceSettingsFromEnv, DEFAULT_ELF_EVENT_TYPES, DEFAULT_RTEM_OBJECTS } from './settings.ts';
export type { SalesforceSettings, SalesforceSettingsInput } from './settings.ts';
export type { SalesforceCursor } from './cursor.ts';
export type { SalesforcePullStats } from './pull-loop.ts';

export type SalesforceCollectorOptions = RetryingCollectorOptions;

export type SalesforceCollector = Collector & { readonly stats: SalesforcePullStats };

/** Builds the collector from settings (the Lambda passes the parsed secret; see `parseSalesforceSettings`). */
export function createSalesforceCollector(input: SalesforceSettings | SalesforceSettingsInput, opts: SalesforceCollectorOptions = {}): SalesforceCollector {
  const settings = parseSalesforceSettings(input);
  const clock = opts.clock ?? { now: () => Date.now() };
  const auth = settings.auth;
  const secrets = auth.kind === 'client_credentials' ? [auth.clientSecret] : [auth.privateKeyPem];
  const common = sharedHttpOptions('salesforce', secrets, opts, clock);
  const tokenHttp = new HttpClient({ ...common, classify: classifySalesforceToken });
  const tokens = new SalesforceTokenProvider(tokenHttp, settings, clock);
  const apiHttp = new HttpClient({ ...common, tokenProvider: tokens, classify: classifySalesforce });
  const api = new SalesforceApi(apiHttp, tokens, settings.apiVersion);
  const loop = salesforcePullLoop(settings, { api, clients: [apiHttp, tokenHttp], ...(opts.since ? { since: opts.since } : {}) });
  const collector = collectorFrom(loop);
  return { source: collector.source, runOnce: (ctx) => collector.runOnce(ctx), stats: loop.stats };
}

/**
 * `hoardwatch collect salesforce`: SALESFORCE_CLIENT_ID + SALESFORCE_CLIENT_SECRET (client credentials; set
 * SALESFORCE_LOGIN_URL to the org's My Domain), or SALESFORCE_CLIENT_ID + SALESFORCE_USERNAME + SALESFORCE_PRIVATE_KEY
 * (JWT bearer).
 */
export function collectorFromEnv(env: Record<string, string | undefined>, opts: SalesforceCollectorOptions = {}): SalesforceCollector {
  return createSalesforceCollector(salesforceSettingsFromEnv(env), opts);
}
