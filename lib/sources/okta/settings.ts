import { z } from 'zod';
import { VendorBaseUrl } from '../http/vendor-url.ts';
import { CollectorSetupError, MissingCredentialsError } from '../run/errors.ts';
import { OKTA_MAX_LIMIT } from './wire.ts';

/**
 * Okta collector settings from the environment (CLI; the Lambda maps its secret onto the same names). Exactly one way
 * to authenticate: an SSWS API token (`OKTA_API_TOKEN`), or an OAuth service app (`OKTA_CLIENT_ID` +
 * `OKTA_PRIVATE_KEY`, optional `OKTA_KEY_ID`) granted `okta.logs.read`.
 */
export type OktaAuth =
  | { kind: 'ssws'; token: string }
  | { kind: 'oauth'; clientId: string; privateKey: string; keyId?: string | undefined };

export interface OktaSettings {
  orgUrl: string;
  auth: OktaAuth;
  limit: number;
  overlapMs: number;
  /** Calls kept in reserve in each rate-limit window for other consumers of the org's limit. */
  reserve: number;
}

/** Events can be published minutes after newer ones were served: re-read 15 minutes by default. */
export const OKTA_DEFAULT_OVERLAP_SECONDS = 900;
export const OKTA_DEFAULT_RESERVE = 2;

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const Schema = z.object({
  OKTA_ORG_URL: VendorBaseUrl,
  OKTA_PAGE_LIMIT: int(1, OKTA_MAX_LIMIT).default(OKTA_MAX_LIMIT),
  OKTA_OVERLAP_SECONDS: int(0, 7 * 24 * 3600).default(OKTA_DEFAULT_OVERLAP_SECONDS),
  OKTA_RATE_RESERVE: int(0, 1000).default(OKTA_DEFAULT_RESERVE),
});

export function oktaSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): OktaSettings {
  const str = (v: string | undefined): string | undefined => (v === undefined || v.trim() === '' ? undefined : v.trim());
  const token = str(env.OKTA_API_TOKEN);
  const clientId = str(env.OKTA_CLIENT_ID);
  const privateKey = str(env.OKTA_PRIVATE_KEY);
  const missing = [
    ...(str(env.OKTA_ORG_URL) ? [] : ['OKTA_ORG_URL']),
    ...(token || (clientId && privateKey) ? [] : token === undefined && clientId === undefined ? ['OKTA_API_TOKEN (or OKTA_CLIENT_ID and OKTA_PRIVATE_KEY)'] : clientId ? ['OKTA_PRIVATE_KEY'] : ['OKTA_CLIENT_ID']),
  ];
  if (missing.length > 0) throw new MissingCredentialsError('okta', missing);
  if (token && clientId) throw new CollectorSetupError('okta', 'set either OKTA_API_TOKEN or OKTA_CLIENT_ID/OKTA_PRIVATE_KEY, not both');
  const r = Schema.safeParse({
    OKTA_ORG_URL: str(env.OKTA_ORG_URL),
    OKTA_PAGE_LIMIT: str(env.OKTA_PAGE_LIMIT),
    OKTA_OVERLAP_SECONDS: str(env.OKTA_OVERLAP_SECONDS),
    OKTA_RATE_RESERVE: str(env.OKTA_RATE_RESERVE),
  });
  // Name the variables, never their values.
  if (!r.success) throw new CollectorSetupError('okta', `invalid environment: ${[...new Set(r.error.issues.map((i) => String(i.path[0])))].join(', ')}`);
  return {
    orgUrl: r.data.OKTA_ORG_URL,
    // PEM keys arrive with literal "\n" when passed through one-line environments.
    auth: token ? { kind: 'ssws', token } : { kind: 'oauth', clientId: clientId!, privateKey: privateKey!.replace(/\\n/g, '\n'), keyId: str(env.OKTA_KEY_ID) },
    limit: r.data.OKTA_PAGE_LIMIT,
    overlapMs: r.data.OKTA_OVERLAP_SECONDS * 1000,
    reserve: r.data.OKTA_RATE_RESERVE,
  };
}
