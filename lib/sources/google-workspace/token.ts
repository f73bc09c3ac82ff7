import type { Clock } from '../../core/clock.ts';
import type { HttpClient } from '../http/http-client.ts';
import { ExpiringToken, type IssuedToken, type TokenProvider } from '../http/token-provider.ts';
import { REPORTS_AUDIT_SCOPE, serviceAccountAssertion } from './service-account-jwt.ts';
import type { GoogleWorkspaceSettings } from './settings.ts';
import { GoogleTokenResponseSchema } from './wire.ts';

const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/**
 * Access tokens for the service account acting as `subject` (domain-wide delegation): a signed assertion exchanged
 * at the token endpoint; no refresh token exists, so a refresh (after a 401 or near expiry) signs a new assertion.
 */
export class GoogleServiceAccountTokens implements TokenProvider {
  readonly #cache: ExpiringToken;

  constructor(private readonly http: HttpClient, private readonly s: GoogleWorkspaceSettings, private readonly clock: Clock) {
    this.#cache = new ExpiringToken(clock, () => this.#issue());
  }

  token(opts?: { refresh?: boolean }): Promise<string> {
    return this.#cache.token(opts);
  }

  async #issue(): Promise<IssuedToken> {
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
    return { value: res.access_token, expiresIn: res.expires_in };
  }
}
