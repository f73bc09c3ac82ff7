import { HttpClient } from '../http/http-client.ts';
import { sharedHttpOptions, type RetryingCollectorOptions } from '../http/retry-log.ts';
import { DEFAULT_LOOKBACK_MS, type Collector, type CollectorEnv } from '../run/collector.ts';
import { collectorFrom } from '../run/runner.ts';
import { classifyGoogleReports, classifyGoogleToken } from './classify.ts';
import { GoogleWorkspacePullLoop } from './pull-loop.ts';
import { googleWorkspaceSettingsFromEnv, parseGoogleWorkspaceSettings, type GoogleWorkspaceSettings, type GoogleWorkspaceSettingsInput } from './settings.ts';
import { GoogleServiceAccountTokens } from './token.ts';

export { DEFAULT_APPLICATIONS, DEFAULT_LAG_MINUTES, GoogleWorkspaceSettingsSchema, googleWorkspaceSettingsFromEnv, parseGoogleWorkspaceSettings } from './settings.ts';
export type { GoogleWorkspaceSettings, GoogleWorkspaceSettingsInput } from './settings.ts';
export type { GoogleWorkspaceCursor } from './cursor.ts';

/** Builds the collector from settings (the Lambda passes the parsed secret through the environment). */
export function createGoogleWorkspaceCollector(input: GoogleWorkspaceSettings | GoogleWorkspaceSettingsInput, opts: RetryingCollectorOptions = {}): Collector {
  const settings = parseGoogleWorkspaceSettings(input);
  const clock = opts.clock ?? { now: () => Date.now() };
  const common = sharedHttpOptions('google-workspace', [settings.privateKeyPem], opts, clock);
  const tokenHttp = new HttpClient({ ...common, classify: classifyGoogleToken });
  const tokens = new GoogleServiceAccountTokens(tokenHttp, settings, clock);
  const http = new HttpClient({ ...common, tokenProvider: tokens, classify: classifyGoogleReports });
  return collectorFrom(new GoogleWorkspacePullLoop(settings, {
    http,
    clients: [http, tokenHttp],
    sinceMs: opts.since?.getTime() ?? clock.now() - DEFAULT_LOOKBACK_MS,
  }));
}

/**
 * `hoardwatch collect google-workspace`: GOOGLE_WORKSPACE_CLIENT_EMAIL, GOOGLE_WORKSPACE_PRIVATE_KEY (PEM, `\n`
 * escapes allowed) and GOOGLE_WORKSPACE_SUBJECT (the admin to act as), plus optional GOOGLE_WORKSPACE_* overrides.
 */
export function collectorFromEnv(env: CollectorEnv, opts: RetryingCollectorOptions = {}): Collector {
  return createGoogleWorkspaceCollector(googleWorkspaceSettingsFromEnv(env), opts);
}
