import type { Clock } from '../../core/clock.ts';
import type { HttpClient } from '../http/http-client.ts';
import type { TokenProvider } from '../http/token-provider.ts';
import { jwtAssertion } from './jwt-assertion.ts';
import type { SalesforceSettings } from './settings.ts';
import { TokenResponseSchema } from './wire.ts';

const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/**
 * OAuth tokens for the org: client credentials (My Domain token endpoint) or JWT bearer (RS256 assertion, node:crypto).
 * Neither flow issues a refresh token: after a 401 the HttpClient asks for `refresh` and the flow simply runs again.
 * `instanceUrl` is where the REST API lives, as the token response says.
 */
export class SalesforceTokenProvider implements TokenProvider {
  #token: string | undefined;
  #instanceUrl: string | undefined;
  #inflight: Promise<string> | undefined;

  constructor(private readonly http: HttpClient, private readonly settings: SalesforceSettings, private readonly clock: Clock) {}

  token(opts?: { refresh?: boolean }): Promise<string> {
    if (this.#token && !opts?.refresh) return Promise.resolve(this.#token);
    this.#inflight ??= this.#fetch().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  /** The org's REST base, known after the first token. */
  async instanceUrl(): Promise<string> {
    if (!this.#instanceUrl) await this.token();
    return this.#instanceUrl as string;
  }

  async #fetch(): Promise<string> {
    const { auth, loginUrl } = this.settings;
    const body = auth.kind === 'client_credentials'
      ? new URLSearchParams({ grant_type: 'client_credentials', client_id: auth.clientId, client_secret: auth.clientSecret })
      : new URLSearchParams({
        grant_type: JWT_GRANT,
        assertion: jwtAssertion({ clientId: auth.clientId, username: auth.username, audience: auth.audience ?? loginUrl }, auth.privateKeyPem, this.clock.now()),
      });
    const res = await this.http.getJson(`${loginUrl}/services/oauth2/token`, TokenResponseSchema, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      auth: false,
    });
    this.http.redactor.addSecret(res.access_token);
    this.#token = res.access_token;
    this.#instanceUrl = res.instance_url.replace(/\/+$/, '');
    return res.access_token;
  }
}
