import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsBatchSink } from '../../../lib/adapters/batches/fs-batch-sink.ts';
import { FileCheckpointStore } from '../../../lib/adapters/checkpoints/file-checkpoint-store.ts';
import { FileDedupeBackend } from '../../../lib/adapters/dedupe/file-dedupe-backend.ts';
import { VendorAuthError } from '../../../lib/sources/http/errors.ts';
import { collectorFromEnv } from '../../../lib/sources/okta/index.ts';
import { nextAfter } from '../../../lib/sources/okta/link-header.ts';
import { CollectorSetupError, MissingCredentialsError } from '../../../lib/sources/run/errors.ts';
import { oktaEvent, startFakeOktaServer, type FakeOktaServer } from '../../support/fake-okta-server.ts';
import { fakeTime } from '../../support/fake-time.ts';
import { readAllIds } from '../../support/read-batches.ts';

const TOKEN = '00aOktaCollectorSSWStokenSECRET0000000000000';
const T0 = Date.UTC(2026, 10, 22, 3, 0, 0);
const MIN = 60_000;

let dir: string;
let time: ReturnType<typeof fakeTime>;
let server: FakeOktaServer | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hw-okta-'));
  time = fakeTime(T0);
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

const ports = () => ({
  sink: new FsBatchSink(join(dir, 'out')),
  checkpoints: new FileCheckpointStore(join(dir, 'state.json')),
  dedupe: FileDedupeBackend.besideStateFile(join(dir, 'state.json'), 'okta'),
  clock: time.clock,
});
const run = (env: Record<string, string>, log?: (l: string) => void) =>
  collectorFromEnv(env, { since: new Date(T0 - 3600_000), clock: time.clock, sleep: time.sleep, random: () => 0.5, ...(log ? { log } : {}) }).runOnce(ports());

describe('okta collector', () => {
  it('sends SSWS, bounds the pass with since/until, pages by Link rel="next" and writes each uuid once', async () => {
    server = await startFakeOktaServer({ token: TOKEN, now: time.clock.now });
    for (let i = 0; i < 23; i++) server.add(oktaEvent(`e-${i}`, T0 - 50 * MIN + i * 1000));
    const r = await run({ OKTA_ORG_URL: server.url, OKTA_API_TOKEN: TOKEN, OKTA_PAGE_LIMIT: '10' });
    expect(r).toMatchObject({ status: 'completed', pages: 3, envelopes: 23 });
    expect(server.requests.map((q) => q.query['after'] === undefined)).toEqual([true, false, false]);
    expect(server.requests[0]!.query).toMatchObject({ since: new Date(T0 - 3600_000).toISOString(), until: new Date(T0).toISOString(), limit: '10' });
    expect(server.requests.every((q) => q.authorization === `SSWS ${TOKEN}`)).toBe(true);
    expect(new Set(await readAllIds(join(dir, 'out'))).size).toBe(23);
  });

  it('slows down before the limit: waits for X-Rate-Limit-Reset once the calls left reach the reserve, never meets a 429', async () => {
    server = await startFakeOktaServer({ token: TOKEN, now: time.clock.now, rateLimit: { limit: 4, windowMs: MIN } });
    for (let i = 0; i < 30; i++) server.add(oktaEvent(`e-${i}`, T0 - 50 * MIN + i * 1000));
    const r = await run({ OKTA_ORG_URL: server.url, OKTA_API_TOKEN: TOKEN, OKTA_PAGE_LIMIT: '3', OKTA_RATE_RESERVE: '1' });
    expect(r).toMatchObject({ status: 'completed', pages: 10, envelopes: 30, retries: 0 });
    expect(server.requests.filter((q) => q.status === 429)).toEqual([]);
    expect(time.sleeps.filter((ms) => ms > 30_000).length).toBeGreaterThanOrEqual(2);
  });

  it('a 429 (another consumer spent the org limit) waits for its X-Rate-Limit-Reset and goes on', async () => {
    server = await startFakeOktaServer({ token: TOKEN, now: time.clock.now });
    for (let i = 0; i < 9; i++) server.add(oktaEvent(`e-${i}`, T0 - 50 * MIN + i * 1000));
    server.failNext({ status: 429, body: { errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit' }, headers: { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(T0 / 1000 + 40) } });
    const lines: string[] = [];
    const r = await run({ OKTA_ORG_URL: server.url, OKTA_API_TOKEN: TOKEN, OKTA_PAGE_LIMIT: '3' }, (l) => lines.push(l));
    expect(r).toMatchObject({ status: 'completed', envelopes: 9, retries: 1 });
    expect(time.sleeps[0]).toBe(41_000); // to the reset, plus a second for clock skew
    expect(lines.some((l) => /throttled \(HTTP 429 E0000047\)/.test(l))).toBe(true);
  });

  it('a bad or expired SSWS token fails the run with an auth error that never shows the token', async () => {
    server = await startFakeOktaServer({ token: 'the-right-token', now: time.clock.now });
    const err = await run({ OKTA_ORG_URL: server.url, OKTA_API_TOKEN: TOKEN }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorAuthError);
    expect((err as Error).message).toMatch(/HTTP 401 E0000011/);
    expect((err as Error).message).not.toContain(TOKEN);
    expect(server.requests).toHaveLength(1); // a static token is not retried
  });

  it('OAuth service app: a private_key_jwt assertion the server verifies, Bearer tokens, one refresh after they expire', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    server = await startFakeOktaServer({ now: time.clock.now, serviceApp: { clientId: '0oaTESTAPP', publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() } });
    for (let i = 0; i < 6; i++) server.add(oktaEvent(`e-${i}`, T0 - 50 * MIN + i * 1000));
    const env = { OKTA_ORG_URL: server.url, OKTA_CLIENT_ID: '0oaTESTAPP', OKTA_PRIVATE_KEY: pem.replace(/\n/g, '\\n'), OKTA_PAGE_LIMIT: '2' };
    const lines: string[] = [];
    const first = collectorFromEnv(env, { since: new Date(T0 - 3600_000), clock: time.clock, sleep: time.sleep, log: (l) => lines.push(l) });
    expect(await first.runOnce(ports())).toMatchObject({ status: 'completed', envelopes: 6 });
    expect(server.requests.filter((q) => q.path === '/oauth2/v1/token')).toHaveLength(1);
    expect(server.requests.filter((q) => q.path === '/api/v1/logs').every((q) => /^Bearer eyJ\.access-1\.sig$/.test(q.authorization ?? ''))).toBe(true);

    server.expireTokens();
    time.advance(5 * MIN);
    server.add(oktaEvent('e-late', T0 + 2 * MIN));
    const second = await first.runOnce(ports());
    expect(second).toMatchObject({ status: 'completed', envelopes: 1 });
    expect(server.requests.filter((q) => q.path === '/oauth2/v1/token')).toHaveLength(2);
    expect(lines.join('\n')).not.toContain('eyJ.access');
  });

  it('a wrong key is refused at the token endpoint as an auth error', async () => {
    const app = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    server = await startFakeOktaServer({ now: time.clock.now, serviceApp: { clientId: '0oaTESTAPP', publicKeyPem: app.publicKey.export({ type: 'spki', format: 'pem' }).toString() } });
    const pem = other.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const err = await run({ OKTA_ORG_URL: server.url, OKTA_CLIENT_ID: '0oaTESTAPP', OKTA_PRIVATE_KEY: pem }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorAuthError);
    expect((err as Error).message).toMatch(/invalid_client/);
  });

  it('settings: names what is missing or wrong, never a value', () => {
    expect(() => collectorFromEnv({})).toThrow(MissingCredentialsError);
    expect(() => collectorFromEnv({ OKTA_ORG_URL: 'https://example.okta.com', OKTA_CLIENT_ID: 'x' })).toThrow(/OKTA_PRIVATE_KEY/);
    expect(() => collectorFromEnv({ OKTA_ORG_URL: 'http://example.okta.com', OKTA_API_TOKEN: TOKEN })).toThrow(CollectorSetupError);
    expect(() => collectorFromEnv({ OKTA_ORG_URL: 'https://example.okta.com', OKTA_API_TOKEN: TOKEN, OKTA_CLIENT_ID: 'x', OKTA_PRIVATE_KEY: 'k' })).toThrow(/not both/);
    expect(() => collectorFromEnv({ OKTA_ORG_URL: 'https://example.okta.com', OKTA_CLIENT_ID: 'x', OKTA_PRIVATE_KEY: 'not a key SECRETVALUE' })).toThrow(/not a readable PEM key/);
    try {
      collectorFromEnv({ OKTA_ORG_URL: 'https://example.okta.com', OKTA_API_TOKEN: TOKEN, OKTA_PAGE_LIMIT: '5000' });
    } catch (e) {
      expect((e as Error).message).toMatch(/OKTA_PAGE_LIMIT/);
      expect((e as Error).message).not.toContain(TOKEN);
    }
  });
});

describe('Link header', () => {
  it('keeps only the after token of rel="next"', () => {
    expect(nextAfter('<https://x.okta.com/api/v1/logs?limit=2>; rel="self", <https://x.okta.com/api/v1/logs?limit=2&after=1700%3AabcD>; rel="next"')).toBe('1700:abcD');
    expect(nextAfter('<https://x.okta.com/api/v1/logs?limit=2>; rel="self"')).toBeUndefined();
    expect(nextAfter(null)).toBeUndefined();
    expect(nextAfter('<https://evil.example/x?after=t>; rel=next')).toBe('t');
    expect(nextAfter('garbage')).toBeUndefined();
  });
});
