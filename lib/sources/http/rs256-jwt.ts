import { sign, type KeyObject } from 'node:crypto';

const b64url = (v: string | Buffer): string => Buffer.from(v).toString('base64url');

/**
 * A compact JWT of `claims` signed RS256 (RFC 7515/7519) with an RSA private key, `kid` in its header when given: the
 * client or bearer assertion of Salesforce's JWT flow, Google service accounts and Okta service apps (node:crypto, no
 * JWT library for one signature). Times in the claims are epoch seconds.
 */
export function signRs256Jwt(claims: Record<string, unknown>, key: KeyObject, keyId?: string): string {
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', ...(keyId ? { kid: keyId } : {}) }));
  const payload = b64url(JSON.stringify(claims));
  const signature = sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), key);
  return `${header}.${payload}.${b64url(signature)}`;
}
