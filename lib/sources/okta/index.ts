import { HttpClient } from '../http/http-client.ts';
import { realSleep } from '../http/sleep.ts';
import { staticToken, type TokenProvider } from '../http/token-provider.ts';
import { DEFAULT_LOOKBACK_MS, type Collector, type CollectorEnv, type CollectorFactoryOptions } from '../run/collector.ts';
import { collectorFrom } from '../run/runner.ts';
import { oktaClassify } from './classify.ts';
import { OktaPullLoop } from './pull-loop.ts';
import { OktaRateGate, untilReset } from './rate-gate.ts';
import { OktaServiceAppToken } from './service-app-token.ts';
import { oktaSettingsFromEnv } from './settings.ts';

export { OktaPullLoop, OKTA_STREAM } from './pull-loop.ts';
export type { OktaCursor } from './cursor.ts';

/**
 * Builds the Okta System Log collector from the environment (`OKTA_ORG_URL` and `OKTA_API_TOKEN`, or `OKTA_CLIENT_ID`
 * + `OKTA_PRIVATE_KEY` for an OAuth service app; optional `OKTA_PAGE_LIMIT`, `OKTA_OVERLAP_SECONDS`, `OKTA_RATE_RESERVE`).
 */
export function collectorFromEnv(env: CollectorEnv, opts: CollectorFactoryOptions = {}): Collector {
  const s = oktaSettingsFromEnv(env);
  const clock = opts.clock ?? { now: () => Date.now() };
  const sleep = opts.sleep ?? realSleep;
  const log = opts.log ?? (() => undefined);
  const gate = new OktaRateGate({ clock, sleep, reserve: s.reserve });
  const oauth = s.auth.kind === 'oauth';
  let provider: TokenProvider | undefined;
  const client = new HttpClient({
    vendor: 'okta',
    tokenProvider: { token: (o) => provider!.token(o) },
    authScheme: oauth ? 'Bearer' : 'SSWS',
    secrets: s.auth.kind === 'ssws' ? [s.auth.token] : [s.auth.privateKey],
    ...(opts.redactor ? { redactor: opts.redactor } : {}),
    classify: oktaClassify(oauth),
    rateLimiter: gate,
    throttleHint: untilReset,
    clock,
    sleep,
    ...(opts.random ? { random: opts.random } : {}),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    onRetry: (e) => log(`${e.vendor}: ${e.reason} (HTTP ${e.status}${e.code ? ` ${e.code}` : ''}) on ${e.request}; retry ${e.attempt} in ${e.delayMs} ms`),
  });
  provider = s.auth.kind === 'ssws'
    ? staticToken(s.auth.token)
    : new OktaServiceAppToken({ http: client, orgUrl: s.orgUrl, clientId: s.auth.clientId, privateKeyPem: s.auth.privateKey, keyId: s.auth.keyId, clock });
  return collectorFrom(new OktaPullLoop({
    client, gate, orgUrl: s.orgUrl, limit: s.limit, overlapMs: s.overlapMs, sinceMs: opts.since?.getTime() ?? clock.now() - DEFAULT_LOOKBACK_MS,
  }));
}
