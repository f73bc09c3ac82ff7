import { createPrivateKey, randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock.ts';
import { VendorConfigError } from '../http/errors.ts';
import { signRs256Jwt } from '../http/rs256-jwt.ts';
import type { HttpClient } from '../http/http-client.ts';
import { ExpiringToken, type IssuedToken, type TokenProvider } from '../http/token-provider.ts';
import { CollectorSetupError } from '../run/errors.ts';
import { OktaTokenResponseSchema } from './wire.ts';

/** The only scope the collector asks for. */
export const OKTA_LOGS_SCOPE = 'okta.logs.read';
/** Okta accepts client assertions valid for up to an hour; five minutes is plenty. */
const ASSERTION_LIFETIME_S = 300;

export interface ServiceAppOptions {
  http: HttpClient;
  orgUrl: string;
  clientId: string;
  privateKeyPem: string;
  /** `kid` of the key registered with the service app, when it has several. */
  keyId?: string | undefined;
  clock: Clock;
}

/**
 * OAuth 2.0 service app (client credentials with `private_key_jwt`) for `okta.logs.read`: an RS256 client assertion
 * signed with the app's private key, exchanged at the org authorization server for an access token. DPoP-bound tokens
 * are refused with a setup error (turn off "Require DPoP" for the app).
 */
export class OktaServiceAppToken implements TokenProvider {
  readonly #cache: ExpiringToken;
  readonly #key: ReturnType<typeof createPrivateKey>;

  constructor(private readonly o: ServiceAppOptions) {
    this.#cache = new ExpiringToken(o.clock, () => this.#issue());
    try {
      this.#key = createPrivateKey(o.privateKeyPem);
    } catch (err) {
      // The key text never goes into the message.
      throw new CollectorSetupError('okta', 'OKTA_PRIVATE_KEY is not a readable PEM key', { cause: err });
    }
    if (this.#key.asymmetricKeyType !== 'rsa') throw new CollectorSetupError('okta', 'OKTA_PRIVATE_KEY must be an RSA key (RS256)');
  }

  token(opts?: { refresh?: boolean }): Promise<string> {
    return this.#cache.token(opts);
  }

  /** The signed client assertion (exported for tests of its claims). */
  assertion(tokenUrl: string): string {
    const now = Math.floor(this.o.clock.now() / 1000);
    const claims = { iss: this.o.clientId, sub: this.o.clientId, aud: tokenUrl, iat: now, exp: now + ASSERTION_LIFETIME_S, jti: randomUUID() };
    return signRs256Jwt(claims, this.#key, this.o.keyId);
  }

  async #issue(): Promise<IssuedToken> {
    const url = `${this.o.orgUrl}/oauth2/v1/token`;
    const assertion = this.assertion(url);
    this.o.http.redactor.addSecret(assertion);
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      scope: OKTA_LOGS_SCOPE,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    });
    const res = await this.o.http.getJson(url, OktaTokenResponseSchema, {
      method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' }, auth: false,
    });
    this.o.http.redactor.addSecret(res.access_token);
    if (res.token_type !== undefined && res.token_type.toLowerCase() !== 'bearer') {
      throw new VendorConfigError(`okta: the service app issues ${res.token_type} tokens; turn off "Require DPoP" for it`, {
        vendor: 'okta', status: 200, request: `POST ${this.o.http.redactor.redactUrl(url)}`,
      });
    }
    return { value: res.access_token, expiresIn: res.expires_in };
  }
}
