import { createPrivateKey } from 'node:crypto';
import { signRs256Jwt } from '../http/rs256-jwt.ts';

/** The read-only scope of Reports API audit activities. */
export const REPORTS_AUDIT_SCOPE = 'https://www.googleapis.com/auth/admin.reports.audit.readonly';
/** Google accepts assertions valid for at most an hour. */
export const ASSERTION_LIFETIME_S = 3600;

export interface ServiceAccountClaims {
  /** Service account e-mail (`iss`). */
  clientEmail: string;
  /** The user the service account impersonates (`sub`, domain-wide delegation). */
  subject: string;
  /** The token endpoint (`aud`). */
  tokenUrl: string;
  scope: string;
  privateKeyId?: string | undefined;
}

export class ServiceAccountKeyError extends Error {
  override readonly name = 'ServiceAccountKeyError';
}

/** RS256 assertion for the OAuth 2.0 JWT bearer grant (RFC 7523) as Google's service accounts use it; times in seconds. */
export function serviceAccountAssertion(c: ServiceAccountClaims, privateKeyPem: string, nowMs: number): string {
  let key;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch (err) {
    // The key text never goes into the message.
    throw new ServiceAccountKeyError('the Google service account private key is not a readable PEM key', { cause: err });
  }
  if (key.asymmetricKeyType !== 'rsa') throw new ServiceAccountKeyError(`Google service accounts sign with RSA, got ${key.asymmetricKeyType ?? 'unknown'}`);
  const iat = Math.floor(nowMs / 1000);
  return signRs256Jwt({ iss: c.clientEmail, sub: c.subject, scope: c.scope, aud: c.tokenUrl, iat, exp: iat + ASSERTION_LIFETIME_S }, key, c.privateKeyId);
}
