import type { Clock } from '../../core/clock.ts';
import type { HttpClient } from '../http/http-client.ts';
import { ExpiringToken, type IssuedToken, type TokenProvider } from '../http/token-provider.ts';
import { TokenResponseSchema } from './wire.ts';

export const MANAGE_SCOPE = 'https://manage.office.com/.default';

export interface EntraTokenOptions {
  http: HttpClient;
  loginBaseUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  clock: Clock;
}

/**
 * Entra ID client-credentials tokens (v2 endpoint, `scope=https://manage.office.com/.default`) by a plain form POST.
 * Chosen over @azure/msal-node because MSAL refuses non-https authorities, so it cannot talk to the local stand-in
 * used by tests and `hoardwatch collect` against a test server, and the flow is a single request.
 */
export class EntraTokenProvider implements TokenProvider {
  readonly #cache: ExpiringToken;

  constructor(private readonly o: EntraTokenOptions) {
    this.#cache = new ExpiringToken(o.clock, () => this.#issue());
  }

  token(opts?: { refresh?: boolean }): Promise<string> {
    return this.#cache.token(opts);
  }

  async #issue(): Promise<IssuedToken> {
    const url = `${this.o.loginBaseUrl}/${encodeURIComponent(this.o.tenantId)}/oauth2/v2.0/token`;
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.o.clientId,
      client_secret: this.o.clientSecret,
      scope: MANAGE_SCOPE,
    });
    const res = await this.o.http.getJson(url, TokenResponseSchema, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      auth: false,
    });
    this.o.http.redactor.addSecret(res.access_token);
    return { value: res.access_token, expiresIn: res.expires_in };
  }
}
