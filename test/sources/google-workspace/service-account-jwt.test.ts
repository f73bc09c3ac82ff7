import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { classifyGoogleReports, classifyGoogleToken } from '../../../lib/sources/google-workspace/classify.ts';
import { REPORTS_AUDIT_SCOPE, serviceAccountAssertion, ServiceAccountKeyError } from '../../../lib/sources/google-workspace/service-account-jwt.ts';
import { serviceAccountKey } from '../../support/service-account-key.ts';

const KEY = serviceAccountKey();
const claims = { clientEmail: 'c@p.iam.gserviceaccount.com', subject: 'admin@example.com', tokenUrl: 'https://oauth2.googleapis.com/token', scope: REPORTS_AUDIT_SCOPE, privateKeyId: 'kid-1' };
const part = (jwt: string, i: number) => JSON.parse(Buffer.from(jwt.split('.')[i]!, 'base64url').toString('utf8')) as Record<string, unknown>;

describe('service account JWT bearer assertion', () => {
  it('is RS256-signed with iss/sub/scope/aud and an hour of validity in seconds, naming the key id', () => {
    const now = Date.UTC(2026, 10, 22, 3, 0, 0, 700);
    const jwt = serviceAccountAssertion(claims, KEY.privateKeyPem, now);
    const [h, p, s] = jwt.split('.') as [string, string, string];
    expect(verify('RSA-SHA256', Buffer.from(`${h}.${p}`), createPublicKey(KEY.publicKeyPem), Buffer.from(s, 'base64url'))).toBe(true);
    expect(part(jwt, 0)).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'kid-1' });
    expect(part(jwt, 1)).toEqual({ iss: claims.clientEmail, sub: claims.subject, scope: REPORTS_AUDIT_SCOPE, aud: claims.tokenUrl, iat: 1795316400, exp: 1795320000 });
  });

  it('refuses a key that is not RSA, or not a key, without quoting it', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => serviceAccountAssertion(claims, ec, 0)).toThrow(ServiceAccountKeyError);
    let err: unknown;
    try {
      serviceAccountAssertion(claims, 'not-a-key-SECRETVALUE', 0);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ServiceAccountKeyError);
    expect(String((err as Error).message)).not.toContain('SECRETVALUE');
  });
});

describe('Google error verdicts', () => {
  it('throttles on 429 and on a 403 that names a rate limit; a plain 403 is a configuration error; 401 asks for a new token', () => {
    expect(classifyGoogleReports(429, {})).toBe('throttled');
    expect(classifyGoogleReports(403, { message: 'Rate Limit Exceeded' })).toBe('throttled');
    expect(classifyGoogleReports(403, { message: 'Not Authorized to access this resource/api' })).toBe('config');
    expect(classifyGoogleReports(401, {})).toBe('reauth');
    expect(classifyGoogleReports(503, {})).toBe('transient');
    expect(classifyGoogleToken(400, { code: 'invalid_grant' })).toBe('auth');
    expect(classifyGoogleToken(400, { code: 'unsupported_grant_type' })).toBe('config');
  });
});
