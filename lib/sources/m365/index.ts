import { HttpClient } from '../http/http-client.ts';
import { sharedHttpOptions, type RetryingCollectorOptions } from '../http/retry-log.ts';
import type { Collector } from '../run/collector.ts';
import { collectorFrom } from '../run/runner.ts';
import { M365Api } from './api.ts';
import { classifyEntraToken, classifyM365 } from './classify.ts';
import { EntraTokenProvider } from './entra-token.ts';
import { m365PullLoop, type M365PullStats } from './pull-loop.ts';
import { m365SettingsFromEnv, parseM365Settings, type M365Settings, type M365SettingsInput } from './settings.ts';

export { M365SettingsSchema, parseM365Settings, m365SettingsFromEnv, DEFAULT_CONTENT_TYPES } from './settings.ts';
export type { M365Settings, M365SettingsInput } from './settings.ts';
export type { M365Cursor } from './cursor.ts';
export type { M365PullStats } from './pull-loop.ts';

export interface M365CollectorOptions extends RetryingCollectorOptions {
  maxRecordsPerBatch?: number;
}

export type M365Collector = Collector & { readonly stats: M365PullStats };

/** Builds the collector from settings (the Lambda passes the parsed secret; see `parseM365Settings`). */
export function createM365Collector(input: M365Settings | M365SettingsInput, opts: M365CollectorOptions = {}): M365Collector {
  const settings = parseM365Settings(input);
  const clock = opts.clock ?? { now: () => Date.now() };
  const common = sharedHttpOptions('m365', [settings.clientSecret], opts, clock);
  const tokenHttp = new HttpClient({ ...common, classify: classifyEntraToken });
  const tokens = new EntraTokenProvider({
    http: tokenHttp,
    loginBaseUrl: settings.loginBaseUrl,
    tenantId: settings.tenantId,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    clock,
  });
  const apiHttp = new HttpClient({ ...common, tokenProvider: tokens, classify: classifyM365 });
  const api = new M365Api(apiHttp, settings.apiBaseUrl, settings.tenantId, settings.publisherId ?? settings.tenantId, opts.log);
  const loop = m365PullLoop(settings, {
    api,
    clients: [apiHttp, tokenHttp],
    ...(opts.since ? { since: opts.since } : {}),
    ...(opts.maxRecordsPerBatch ? { maxRecordsPerBatch: opts.maxRecordsPerBatch } : {}),
  });
  const collector = collectorFrom(loop);
  return { source: collector.source, runOnce: (ctx) => collector.runOnce(ctx), stats: loop.stats };
}

/** `hoardwatch collect m365`: M365_TENANT_ID, M365_CLIENT_ID, M365_CLIENT_SECRET (+ optional M365_* overrides). */
export function collectorFromEnv(env: Record<string, string | undefined>, opts: M365CollectorOptions = {}): M365Collector {
  return createM365Collector(m365SettingsFromEnv(env), opts);
}
