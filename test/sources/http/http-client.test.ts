import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defaultClassify, type Classifier } from '../../../lib/sources/http/classify.ts';
import {
  VendorAuthError, VendorConfigError, VendorHttpError, VendorNetworkError, VendorRateLimitError, VendorResponseError,
} from '../../../lib/sources/http/errors.ts';
import { HttpClient, type HttpClientOptions, type RetryEvent } from '../../../lib/sources/http/http-client.ts';
import type { TokenProvider } from '../../../lib/sources/http/token-provider.ts';
import { startScriptedHttpServer, type ScriptedHttpServer } from '../../support/scripted-http-server.ts';
import { fakeTime } from '../../support/fake-time.ts';

const T0 = Date.UTC(2026, 0, 1);
let server: ScriptedHttpServer;
let time: ReturnType<typeof fakeTime>;
let events: RetryEvent[];

beforeEach(async () => {
  server = await startScriptedHttpServer();
  time = fakeTime(T0);
  events = [];
});
afterEach(() => server.close());

function client(extra: Partial<HttpClientOptions> = {}) {
  return new HttpClient({ vendor: 'm365', clock: time.clock, sleep: time.sleep, random: () => 0, onRetry: (e) => events.push(e), ...extra });
}
const Body = z.object({ value: z.number() });
const errOf = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as Error);

describe('HttpClient', () => {
  it('waits Retry-After given in seconds or as an HTTP date, then succeeds', async () => {
    server.reply(
      { status: 429, headers: { 'retry-after': '3' } },
      { status: 429, headers: { 'retry-after': new Date(T0 + 3000 + 12_000).toUTCString() } },
      { status: 200, body: { value: 7 } },
    );
    const c = client();
    expect(await c.getJson(`${server.url}/x`, Body)).toEqual({ value: 7 });
    expect(time.sleeps).toEqual([3000, 12_000]);
    expect(c.stats).toMatchObject({ requests: 3, retries: 2, throttled: 2 });
    expect(events.map((e) => e.reason)).toEqual(['throttled', 'throttled']);
  });

  it('treats a vendor-specific throttle (AF429 on a 403) as throttling via a pluggable classifier', async () => {
    const m365: Classifier = (status, info) => (info.code === 'AF429' ? 'throttled' : defaultClassify(status, info));
    server.reply({ status: 403, body: { error: { code: 'AF429', message: 'Too many requests.' } } }, { status: 200, body: { value: 1 } });
    const c = client({ classify: m365 });
    expect(await c.getJson(`${server.url}/x`, Body)).toEqual({ value: 1 });
    expect(c.stats.throttled).toBe(1);
    // Without it, the same 403 is a configuration error carrying the vendor code.
    server.reply({ status: 403, body: { error: { code: 'AF429', message: 'Too many requests.' } } });
    const e = await errOf(client().getJson(`${server.url}/x`, Body));
    expect(e).toBeInstanceOf(VendorConfigError);
    expect((e as VendorConfigError).code).toBe('AF429');
  });

  it('backs off exponentially with jitter on 5xx/408 and gives up with VendorHttpError', async () => {
    server.reply({ status: 503 }, { status: 408 }, { status: 500 }, { status: 502 }, { status: 500, body: { error: { code: 'AF50000', message: 'internal' } } });
    const c = client({ random: () => 1, retry: { maxTransientRetries: 4, baseDelayMs: 100, maxDelayMs: 500 } });
    const e = await errOf(c.getJson(`${server.url}/x`, Body));
    expect(e).toBeInstanceOf(VendorHttpError);
    expect((e as VendorHttpError).status).toBe(500);
    expect((e as VendorHttpError).code).toBe('AF50000');
    expect(time.sleeps).toEqual([100, 200, 400, 500]);
    expect(c.stats.retries).toBe(4);
  });

  it('jitter keeps each delay between half and all of the exponential step', async () => {
    server.reply({ status: 500 }, { status: 200, body: { value: 0 } });
    await client({ random: () => 0, retry: { baseDelayMs: 1000 } }).getJson(`${server.url}/x`, Body);
    expect(time.sleeps).toEqual([500]);
  });

  it('stops after the allowed throttle waits with VendorRateLimitError, capping a huge Retry-After', async () => {
    server.reply({ status: 429, headers: { 'retry-after': '86400' } }, { status: 429 }, { status: 429 });
    const c = client({ retry: { maxThrottleRetries: 2, maxRetryAfterMs: 60_000, baseDelayMs: 1000 } });
    const e = await errOf(c.getJson(`${server.url}/x`, Body));
    expect(e).toBeInstanceOf(VendorRateLimitError);
    expect(time.sleeps).toEqual([60_000, 1000]);
  });

  it('re-authenticates once on 401 and retries with the new token; a second 401 is VendorAuthError', async () => {
    const issued: string[] = [];
    let n = 0;
    const tokens: TokenProvider = {
      token: async (o) => {
        if (o?.refresh || n === 0) n++;
        const t = `token-value-${n}`;
        issued.push(t);
        return t;
      },
    };
    server.reply({ status: 401, body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }] }, { status: 200, body: { value: 2 } });
    const c = client({ tokenProvider: tokens });
    expect(await c.getJson(`${server.url}/x`, Body)).toEqual({ value: 2 });
    expect(server.received.map((r) => r.headers.authorization)).toEqual(['Bearer token-value-1', 'Bearer token-value-2']);
    expect(c.stats.reauths).toBe(1);

    server.reply({ status: 401 }, { status: 401, body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }] });
    const e = await errOf(c.getJson(`${server.url}/x`, Body));
    expect(e).toBeInstanceOf(VendorAuthError);
    expect(e.message).toContain('INVALID_SESSION_ID');
    expect(e.message).not.toMatch(/token-value/);
  });

  it('never lets secrets into error messages, even when the vendor echoes them', async () => {
    const secret = 'super-secret-client-value';
    server.reply({
      status: 400,
      body: { error: 'invalid_client', error_description: `bad client_secret=${secret} for Authorization: Bearer abc.def.ghi` },
    });
    const c = client({ secrets: [secret] });
    const e = await errOf(c.send(`${server.url}/token?client_secret=${secret}&access_token=qwerty123`, { method: 'POST', body: new URLSearchParams({ client_secret: secret }), auth: false }));
    expect(e).toBeInstanceOf(VendorConfigError);
    expect((e as VendorConfigError).code).toBe('invalid_client');
    const everything = `${e.message} ${JSON.stringify(e)}`;
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain('qwerty123');
    expect(everything).not.toContain('abc.def.ghi');
    expect(everything).toContain('[REDACTED]');
  });

  it('retries network failures, then reports VendorNetworkError', async () => {
    const c = client({ retry: { maxTransientRetries: 2 } });
    const e = await errOf(c.getJson('http://127.0.0.1:9/nothing-listens-here', Body));
    expect(e).toBeInstanceOf(VendorNetworkError);
    expect(c.stats.requests).toBe(3);
  });

  it('rejects a 2xx body outside the contract with VendorResponseError', async () => {
    server.reply({ status: 200, body: { value: 'not a number' } }, { status: 200, body: 'not json' });
    expect(await errOf(client().getJson(`${server.url}/x`, Body))).toBeInstanceOf(VendorResponseError);
    expect(await errOf(client().getJson(`${server.url}/x`, Body))).toBeInstanceOf(VendorResponseError);
  });

  it('streams a body after retrying', async () => {
    server.reply({ status: 503 }, { status: 200, body: 'a,b\n1,2\n' });
    const { body, status } = await client().stream(`${server.url}/file.csv`);
    expect(status).toBe(200);
    expect(await text(body)).toBe('a,b\n1,2\n');
  });

  it('passes every attempt through the rate limiter', async () => {
    let acquired = 0;
    server.reply({ status: 500 }, { status: 200, body: { value: 1 } });
    await client({ rateLimiter: { acquire: async () => void acquired++ } }).getJson(`${server.url}/x`, Body);
    expect(acquired).toBe(2);
  });
});
