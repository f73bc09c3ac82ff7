/**
 * A local stand-in for Okta's System Log API on 127.0.0.1: `GET /api/v1/logs` with `since`/`until`/`limit`/`after`,
 * oldest first, `Link: <…>; rel="next"` paging, `Authorization: SSWS <token>` or a Bearer token from
 * `POST /oauth2/v1/token` (client credentials with a private_key_jwt assertion, checked against the app's public
 * key), `X-Rate-Limit-*` headers on every answer and 429 (E0000047) beyond the limit, Okta error bodies
 * (`{errorCode, errorSummary}`), and faults: scripted answers, expired tokens, events published into an already-read
 * window (late), and page boundaries served twice (repeats). Tests start and close it.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody, type ScriptedResponse } from './loopback-server.ts';

export interface OktaTestEvent {
  uuid: string;
  published: string;
  eventType: string;
  [k: string]: unknown;
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization?: string;
  status: number;
  /** Server clock when answered. */
  at: number;
}

export interface FakeOktaOptions {
  /** SSWS API token accepted. */
  token?: string;
  /** OAuth service app accepted: its client id and the public key of its key pair. */
  serviceApp?: { clientId: string; publicKeyPem: string; tokenLifetimeS?: number };
  /** The server's clock (late events, rate-limit windows, token expiry); default Date.now. */
  now?: () => number;
  /** Fault: each next page starts this many events before the end of the previous one (repeats at page boundaries). */
  pageOverlap?: number;
  /** Calls allowed per window (default 600 a minute, Okta's /api/v1/logs default). */
  rateLimit?: { limit: number; windowMs: number };
}

export interface FakeOktaServer {
  /** Base URL, used as OKTA_ORG_URL. */
  url: string;
  add(...events: OktaTestEvent[]): void;
  /** An event visible only from `visibleAt` on the server's clock: published into a window already read. */
  addLate(event: OktaTestEvent, visibleAt: number): void;
  /** Makes every event added with `addHeld` visible (late data for tests on the real clock). */
  release(): void;
  addHeld(event: OktaTestEvent): void;
  /** An off-contract event (no uuid, a bad time…), filed as published at `publishedMs`. */
  addRaw(event: Record<string, unknown>, publishedMs: number): void;
  failNext(...responses: ScriptedResponse[]): void;
  /** Every access token issued so far stops working (expired or revoked): the next call answers 401. */
  expireTokens(): void;
  requests: LoggedRequest[];
  close(): Promise<void>;
}

interface Stored {
  event: Record<string, unknown>;
  published: number;
  seq: number;
  visibleAt?: number;
  held?: boolean;
}

const order = (a: Stored, b: Stored) => a.published - b.published || a.seq - b.seq;
const error = (code: string, summary: string) => ({ errorCode: code, errorSummary: summary, errorLink: code, errorId: 'oae-test', errorCauses: [] });

export async function startFakeOktaServer(opts: FakeOktaOptions): Promise<FakeOktaServer> {
  const now = opts.now ?? (() => Date.now());
  const stored: Stored[] = [];
  const scripted: ScriptedResponse[] = [];
  const requests: LoggedRequest[] = [];
  const calls: number[] = [];
  const tokens = new Map<string, number>(); // access token → expiry (ms)
  const publicKey: KeyObject | undefined = opts.serviceApp ? createPublicKey(opts.serviceApp.publicKeyPem) : undefined;
  const rate = opts.rateLimit ?? { limit: 600, windowMs: 60_000 };
  let seq = 0;
  let issued = 0;
  let base = '';

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const t = now();
    const log: LoggedRequest = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), status: 0, at: t };
    if (req.headers.authorization !== undefined) log.authorization = req.headers.authorization;
    requests.push(log);
    // Every answer carries the window's state, as Okta's do.
    while (calls.length > 0 && (calls[0] ?? 0) <= t - rate.windowMs) calls.shift();
    const reset = () => Math.ceil(((calls[0] ?? t) + rate.windowMs) / 1000);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      log.status = status;
      res.writeHead(status, {
        'content-type': 'application/json',
        'x-rate-limit-limit': String(rate.limit),
        'x-rate-limit-remaining': String(Math.max(0, rate.limit - calls.length)),
        'x-rate-limit-reset': String(reset()),
        ...headers,
      });
      res.end(JSON.stringify(body));
    };
    if (calls.length >= rate.limit) return reply(429, error('E0000047', 'API call exceeded rate limit due to too many requests.'));
    calls.push(t);
    const fault = scripted.shift();
    if (fault) return reply(fault.status, fault.body ?? {}, fault.headers);

    if (req.method === 'POST' && url.pathname === '/oauth2/v1/token') return reply(...token(new URLSearchParams(await readBody(req)), t));
    if (req.method !== 'GET' || url.pathname !== '/api/v1/logs') return reply(404, error('E0000022', 'The endpoint does not support the provided HTTP method'));
    if (!authorized(req.headers.authorization, t)) return reply(401, error('E0000011', 'Invalid token provided'));

    const q = url.searchParams;
    const limit = q.has('limit') ? Number(q.get('limit')) : 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return reply(400, error('E0000001', 'Api validation failed: limit'));
    const since = q.has('since') ? Date.parse(q.get('since')!) : t - 7 * 86_400_000;
    const until = q.has('until') ? Date.parse(q.get('until')!) : t;
    if (!Number.isFinite(since) || !Number.isFinite(until)) return reply(400, error('E0000001', 'Api validation failed: since/until'));
    let pos: { p: number; s: number } | undefined;
    const after = q.get('after');
    if (after) {
      try {
        pos = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as { p: number; s: number };
      } catch {
        return reply(400, error('E0000001', 'Api validation failed: after'));
      }
      if (typeof pos?.p !== 'number' || typeof pos?.s !== 'number') return reply(400, error('E0000001', 'Api validation failed: after'));
    }
    const matching = stored
      .filter((s) => !s.held && (s.visibleAt === undefined || s.visibleAt <= t) && s.published >= since && s.published < until)
      .filter((s) => !pos || s.published > pos.p || (s.published === pos.p && s.seq > pos.s))
      .sort(order);
    const page = matching.slice(0, limit);
    const last = page.at(-1 - Math.min(opts.pageOverlap ?? 0, Math.max(0, page.length - 1)));
    const links = [`<${base}/api/v1/logs?${q.toString()}>; rel="self"`];
    if (matching.length > limit && last) {
      const next = new URLSearchParams(q);
      next.set('after', Buffer.from(JSON.stringify({ p: last.published, s: last.seq })).toString('base64url'));
      links.push(`<${base}/api/v1/logs?${next.toString()}>; rel="next"`);
    }
    reply(200, page.map((s) => s.event), { link: links.join(', ') });
  };

  function authorized(header: string | undefined, t: number): boolean {
    if (!header) return false;
    if (opts.token !== undefined && header === `SSWS ${opts.token}`) return true;
    const m = /^Bearer (.+)$/.exec(header);
    const expiry = m ? tokens.get(m[1]!) : undefined;
    return expiry !== undefined && t < expiry;
  }

  function token(form: URLSearchParams, t: number): [number, unknown] {
    const app = opts.serviceApp;
    if (!app || !publicKey) return [400, { error: 'invalid_client', error_description: 'no service app' }];
    if (form.get('grant_type') !== 'client_credentials') return [400, { error: 'unsupported_grant_type' }];
    if (form.get('scope') !== 'okta.logs.read') return [400, { error: 'invalid_scope', error_description: 'The requested scope is invalid' }];
    if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') return [400, { error: 'invalid_client' }];
    const parts = (form.get('client_assertion') ?? '').split('.');
    if (parts.length !== 3) return [401, { error: 'invalid_client', error_description: 'malformed assertion' }];
    const [h, p, sig] = parts as [string, string, string];
    if (!verify('RSA-SHA256', Buffer.from(`${h}.${p}`), publicKey, Buffer.from(sig, 'base64url'))) {
      return [401, { error: 'invalid_client', error_description: 'The client_assertion signature is invalid.' }];
    }
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
    const nowS = t / 1000;
    if (claims['iss'] !== app.clientId || claims['sub'] !== app.clientId || claims['aud'] !== `${base}/oauth2/v1/token`
      || typeof claims['exp'] !== 'number' || claims['exp'] < nowS || typeof claims['jti'] !== 'string') {
      return [401, { error: 'invalid_client', error_description: 'The client_assertion claims are invalid.' }];
    }
    const lifetime = app.tokenLifetimeS ?? 3600;
    const access = `eyJ.access-${++issued}.sig`;
    tokens.set(access, t + lifetime * 1000);
    return [200, { token_type: 'Bearer', expires_in: lifetime, access_token: access, scope: 'okta.logs.read' }];
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(599, { 'content-type': 'text/plain' });
      res.end(`fake server bug: ${String(err)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const file = (event: OktaTestEvent, extra: Partial<Stored> = {}) =>
    stored.push({ event, published: Date.parse(event.published), seq: ++seq, ...extra });
  return {
    url: base,
    add: (...events) => {
      for (const e of events) file(e);
    },
    addLate: (event, visibleAt) => file(event, { visibleAt }),
    addHeld: (event) => file(event, { held: true }),
    release: () => {
      for (const s of stored) delete s.held;
    },
    addRaw: (event, publishedMs) => {
      stored.push({ event, published: publishedMs, seq: ++seq });
    },
    failNext: (...responses) => {
      scripted.push(...responses);
    },
    expireTokens: () => {
      for (const k of tokens.keys()) tokens.set(k, 0);
    },
    requests,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((err) => (err ? reject(err) : resolve()));
    }),
  };
}

/** A LogEvent shaped like the System Log API's (our own values): a person's sign-in. */
export function oktaEvent(uuid: string, publishedMs: number, eventType = 'user.session.start'): OktaTestEvent {
  return {
    uuid,
    published: new Date(publishedMs).toISOString(),
    eventType,
    version: '0',
    severity: 'INFO',
    displayMessage: 'User login to Okta',
    actor: { id: '00utest1', type: 'User', alternateId: 'test.user@example.com', displayName: 'Test User', detailEntry: null },
    client: {
      userAgent: { rawUserAgent: 'Mozilla/5.0 (X11; Linux x86_64)', os: 'Linux', browser: 'FIREFOX' },
      zone: 'null', device: 'Computer', id: null, ipAddress: '198.51.100.23',
      geographicalContext: { city: 'Lisbon', state: 'Lisbon', country: 'Portugal', postalCode: null, geolocation: { lat: 38.7, lon: -9.1 } },
    },
    authenticationContext: { externalSessionId: 'idx-test', authenticationStep: 0 },
    outcome: { result: 'SUCCESS', reason: null },
    securityContext: { asNumber: 64496, asOrg: 'example transit', isp: 'example', domain: 'example.net', isProxy: false },
    debugContext: { debugData: { behaviors: '{New Geo-Location=NEGATIVE, New Device=NEGATIVE, New IP=NEGATIVE}', risk: '{level=LOW}' } },
    target: null,
    transaction: { type: 'WEB', id: `tx-${uuid}`, detail: {} },
  };
}
