import { createPrivateKey } from 'node:crypto';
import { signRs256Jwt } from '../http/rs256-jwt.ts';

export interface JwtBearerClaims {
  /** Connected-app consumer key. */
  clientId: string;
  /** Salesforce username of the integration user. */
  username: string;
  /** `https://login.salesforce.com`, `https://test.salesforce.com` or the community/My Domain URL. */
  audience: string;
}

export class JwtKeyError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'JwtKeyError';
  }
}

/** Salesforce allows about 3 minutes; `exp` is epoch SECONDS (a known pitfall is to send milliseconds). */
export const JWT_LIFETIME_S = 180;

/** An RS256-signed assertion for the OAuth 2.0 JWT bearer flow (api-contracts.md §1.1 A). */
export function jwtAssertion(claims: JwtBearerClaims, privateKeyPem: string, nowMs: number): string {
  let key;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch (err) {
    // The key text itself never goes into the message.
    throw new JwtKeyError('the Salesforce private key is not a readable PEM key', { cause: err });
  }
  if (key.asymmetricKeyType !== 'rsa') throw new JwtKeyError(`Salesforce needs an RSA key, got ${key.asymmetricKeyType ?? 'unknown'}`);
  return signRs256Jwt({ iss: claims.clientId, sub: claims.username, aud: claims.audience, exp: Math.floor(nowMs / 1000) + JWT_LIFETIME_S }, key);
}
