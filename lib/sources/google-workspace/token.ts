import type { Clock } from '../../core/clock.ts';
import type { HttpClient } from '../http/http-client.ts';
import type { TokenProvider } from '../http/token-provider.ts';
import { REPORTS_AUDIT_SCOPE, serviceAccountAssertion } from './service-account-jwt.ts';
import type { GoogleWorkspaceSettings } from './settings.ts';
import { GoogleTokenResponseSchema } from './wire.ts';

const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Refresh this long before expiry, so a token never dies in the middle of a pass. */
const EARLY_REFRESH_MS = 5 * 60_000;

/**
 * Access tokens for the service account acting as `subject` (domain-wide delegation): a signed assertion exchanged
 * at the token endpoint; no refresh token exists, so a refresh (after a 401 or near expiry) signs a new assertion.
 */
export class GoogleServiceAccountTokens implements TokenProvider {
  #token: string | undefined;
  #expiresAt = 0;
  #inflight: Promise<string> | undefined;

  constructor(private readonly http: HttpClient, private readonly s: GoogleWorkspaceSettings, private readonly clock: Clock) {}

  token(opts?: { refresh?: boolean }): Promise<string> {
    const fresh = this.#token !== undefined && this.clock.now() < this.#expiresAt - EARLY_REFRESH_MS;
    if (fresh && !opts?.refresh) return Promise.resolve(this.#token as string);
    this.#inflight ??= this.#fetch().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  async #fetch(): Promise<string> {
    const assertion = serviceAccountAssertion(
      { clientEmail: this.s.clientEmail, subject: this.s.subject, tokenUrl: this.s.tokenUrl, scope: REPORTS_AUDIT_SCOPE, privateKeyId: this.s.privateKeyId },
      this.s.privateKeyPem,
      this.clock.now(),
    );
    const res = await this.http.getJson(this.s.tokenUrl, GoogleTokenResponseSchema, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: JWT_GRANT, assertion }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      auth: false,
    });
    this.http.redactor.addSecret(res.access_token);
    const lifetimeS = Number(res.expires_in ?? 3600);
    this.#token = res.access_token;
    this.#expiresAt = this.clock.now() + (Number.isFinite(lifetimeS) ? lifetimeS : 3600) * 1000;
    return res.access_token;
  }
}
