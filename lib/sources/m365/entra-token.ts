import type { Clock } from '../../core/clock.ts';
import type { HttpClient } from '../http/http-client.ts';
import type { TokenProvider } from '../http/token-provider.ts';
import { TokenResponseSchema } from './wire.ts';

export const MANAGE_SCOPE = 'https://manage.office.com/.default';
/** Refresh this long before expiry, so a token never dies in the middle of a call sequence. */
const EARLY_REFRESH_MS = 5 * 60_000;

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
  #token: string | undefined;
  #expiresAt = 0;
  #inflight: Promise<string> | undefined;

  constructor(private readonly o: EntraTokenOptions) {}

  token(opts?: { refresh?: boolean }): Promise<string> {
    const fresh = this.#token !== undefined && this.o.clock.now() < this.#expiresAt - EARLY_REFRESH_MS;
    if (fresh && !opts?.refresh) return Promise.resolve(this.#token as string);
    this.#inflight ??= this.#fetch().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  async #fetch(): Promise<string> {
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
    const lifetimeS = Number(res.expires_in ?? 3600);
    this.#token = res.access_token;
    this.#expiresAt = this.o.clock.now() + (Number.isFinite(lifetimeS) ? lifetimeS : 3600) * 1000;
    return res.access_token;
  }
}
