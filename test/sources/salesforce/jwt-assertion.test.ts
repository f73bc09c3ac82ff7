import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { JWT_LIFETIME_S, jwtAssertion, JwtKeyError } from '../../../lib/sources/salesforce/jwt-assertion.ts';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('JWT bearer assertion', () => {
  it('is RS256-signed with exp in epoch seconds within 3 minutes', () => {
    const now = Date.parse('2026-11-22T03:00:00.500Z');
    const jwt = jwtAssertion({ clientId: '3MVG9abc', username: 'int@acme.com', audience: 'https://login.salesforce.com' }, pem, now);
    const [h, p, s] = jwt.split('.') as [string, string, string];
    expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toMatchObject({ alg: 'RS256' });
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toEqual({ iss: '3MVG9abc', sub: 'int@acme.com', aud: 'https://login.salesforce.com', exp: Math.floor(now / 1000) + JWT_LIFETIME_S });
    expect(JWT_LIFETIME_S).toBeLessThanOrEqual(180);
    expect(verify('RSA-SHA256', Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s, 'base64url'))).toBe(true);
  });

  it('rejects unreadable and non-RSA keys without echoing them', () => {
    const bogus = '-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END PRIVATE KEY-----';
    const claims = { clientId: 'c', username: 'u', audience: 'https://login.salesforce.com' };
    expect(() => jwtAssertion(claims, bogus, 0)).toThrow(JwtKeyError);
    try { jwtAssertion(claims, bogus, 0); } catch (e) { expect(String((e as Error).message)).not.toContain('c2VjcmV0'); }
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => jwtAssertion(claims, ec, 0)).toThrow(/RSA/);
  });
});
