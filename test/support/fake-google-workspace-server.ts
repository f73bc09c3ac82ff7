/**
 * A local stand-in for Google's token endpoint and the Admin SDK Reports API `activities.list` on 127.0.0.1:
 * - `POST /token`: the JWT bearer grant of a service account; the assertion's RS256 signature is checked with the
 *   test's public key, and `iss`/`sub`/`scope`/`aud`/`exp` against the contract; tokens live `tokenLifetimeS` on the
 *   server's clock, and `expireTokens()` ends every token issued so far (the next API call answers 401);
 * - `GET /admin/reports/v1/activity/users/all/applications/{app}`: `startTime`/`endTime` (inclusive), `maxResults`
 *   (≤ 1000), newest first, an opaque `pageToken`, `{"kind":"admin#reports#activities","items":[…]}` pages and
 *   Google's `{error:{code,message,status}}` bodies.
 * Faults: scripted responses (`failNext`: 429 + Retry-After, 5xx…), late activities visible only from a time on the
 * server's clock (`addLate`), the same activity served twice (`pageOverlap` repeats the last entries of each page at
 * the start of the next), and whatever bursts a test adds. Tests start and close it.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody, type ScriptedResponse } from './loopback-server.ts';

export const REPORTS_SCOPE = 'https://www.googleapis.com/auth/admin.reports.audit.readonly';

export interface GwTestEvent {
  type?: string;
  name: string;
  parameters?: Record<string, unknown>[];
}

export interface GwTestActivity {
  kind?: string;
  id: { time: string; uniqueQualifier: string; applicationName: string; customerId?: string };
  actor?: Record<string, unknown>;
  ipAddress?: string;
  events: GwTestEvent[];
  [k: string]: unknown;
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
}

export interface FakeGoogleWorkspaceOptions {
  clientEmail: string;
  subject: string;
  /** PEM public key matching the service account key the test gives the collector. */
  publicKeyPem: string;
  /** The server's clock (epoch ms), for token lifetimes and late activities. */
  now: () => number;
  tokenLifetimeS?: number;
  pageOverlap?: number;
}

export interface FakeGoogleWorkspaceServer {
  /** Base URL of the API (GOOGLE_WORKSPACE_API_BASE_URL). */
  url: string;
  /** GOOGLE_WORKSPACE_TOKEN_URL. */
  tokenUrl: string;
  add(...activities: GwTestActivity[]): void;
  /** An activity listed only from `visibleAt` on the server's clock (after newer ones were served). */
  addLate(activity: GwTestActivity, visibleAt: number): void;
  /** A raw item (off-contract), filed under `application` and `atMs`. */
  addRaw(application: string, item: unknown, atMs: number): void;
  /** Answers the next API requests (not token requests) with these, in order. */
  failNext(...responses: ScriptedResponse[]): void;
  /** Every token issued so far stops working. */
  expireTokens(): void;
  /** Every token issued so far stops working once `n` more API requests were answered (expiry in mid-run). */
  expireTokensAfter(n: number): void;
  requests: LoggedRequest[];
  tokensIssued: number;
  /** Every access token handed out, in order. */
  issuedTokens: string[];
  close(): Promise<void>;
}

interface Stored {
  app: string;
  item: unknown;
  at: number;
  seq: number;
  visibleAt?: number;
}

const order = (a: Stored, b: Stored) => b.at - a.at || b.seq - a.seq;
const after = (s: Stored, pos: { t: number; s: number }) => s.at < pos.t || (s.at === pos.t && s.seq < pos.s);
const googleError = (code: number, message: string, status: string) => ({ error: { code, message, status, errors: [{ message, reason: status.toLowerCase() }] } });

function checkAssertion(assertion: string, key: KeyObject, o: FakeGoogleWorkspaceOptions, tokenUrl: string): string | undefined {
  const parts = assertion.split('.');
  if (parts.length !== 3) return 'malformed assertion';
  const [h, p, sig] = parts as [string, string, string];
  if (!verify('RSA-SHA256', Buffer.from(`${h}.${p}`), key, Buffer.from(sig, 'base64url'))) return 'Invalid JWT Signature.';
  const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { alg?: string };
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
  if (header.alg !== 'RS256') return 'alg';
  if (claims.iss !== o.clientEmail) return 'iss';
  if (claims.sub !== o.subject) return 'Client is unauthorized to retrieve access tokens using this method';
  if (claims.scope !== REPORTS_SCOPE) return 'scope';
  if (claims.aud !== tokenUrl) return 'aud';
  const nowS = Math.floor(o.now() / 1000);
  if (typeof claims.exp !== 'number' || typeof claims.iat !== 'number' || claims.exp <= nowS || claims.exp - claims.iat > 3600) return 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.';
  return undefined;
}

export async function startFakeGoogleWorkspaceServer(o: FakeGoogleWorkspaceOptions): Promise<FakeGoogleWorkspaceServer> {
  const key = createPublicKey(o.publicKeyPem);
  const stored: Stored[] = [];
  const scripted: ScriptedResponse[] = [];
  const requests: LoggedRequest[] = [];
  const tokens = new Map<string, number>();
  const issuedTokens: string[] = [];
  let seq = 0;
  let issued = 0;
  let expireIn: number | undefined;
  const expireAll = () => {
    for (const t of tokens.keys()) tokens.set(t, 0);
  };
  let base = '';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const log: LoggedRequest = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), status: 0 };
    requests.push(log);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      log.status = status;
      res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
      res.end(JSON.stringify(body));
    };

    if (url.pathname === '/token') {
      const form = new URLSearchParams(await readBody(req));
      if (req.method !== 'POST' || form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return reply(400, { error: 'unsupported_grant_type' });
      const why = checkAssertion(form.get('assertion') ?? '', key, o, `${base}/token`);
      if (why) return reply(400, { error: 'invalid_grant', error_description: why });
      const token = `ya29.fake-${++issued}-${Math.random().toString(36).slice(2)}`;
      tokens.set(token, o.now() + (o.tokenLifetimeS ?? 3600) * 1000);
      issuedTokens.push(token);
      return reply(200, { access_token: token, expires_in: o.tokenLifetimeS ?? 3600, token_type: 'Bearer' });
    }

    const m = /^\/admin\/reports\/v1\/activity\/users\/all\/applications\/([a-z_]+)$/.exec(url.pathname);
    if (req.method !== 'GET' || !m) return reply(404, googleError(404, 'Not Found', 'NOT_FOUND'));
    if (expireIn !== undefined && expireIn-- <= 0) {
      expireIn = undefined;
      expireAll();
    }
    const fault = scripted.shift();
    if (fault) return reply(fault.status, fault.body ?? googleError(fault.status, 'scripted fault', 'UNAVAILABLE'), fault.headers);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const expires = bearer === undefined ? undefined : tokens.get(bearer);
    if (expires === undefined || expires <= o.now()) return reply(401, googleError(401, 'Request had invalid authentication credentials.', 'UNAUTHENTICATED'));

    const q = url.searchParams;
    const max = q.has('maxResults') ? Number(q.get('maxResults')) : 1000;
    if (!Number.isInteger(max) || max < 1 || max > 1000) return reply(400, googleError(400, 'Invalid value for maxResults', 'INVALID_ARGUMENT'));
    const start = q.has('startTime') ? Date.parse(q.get('startTime')!) : Number.NEGATIVE_INFINITY;
    const end = q.has('endTime') ? Date.parse(q.get('endTime')!) : o.now();
    if (Number.isNaN(start) || Number.isNaN(end) || start > end) return reply(400, googleError(400, 'Start time must be less than or equal to the end time.', 'INVALID_ARGUMENT'));
    let pos: { t: number; s: number } | undefined;
    const token = q.get('pageToken');
    if (token) {
      try {
        pos = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { t: number; s: number };
      } catch {
        return reply(400, googleError(400, 'Invalid page token', 'INVALID_ARGUMENT'));
      }
      if (typeof pos?.t !== 'number' || typeof pos?.s !== 'number') return reply(400, googleError(400, 'Invalid page token', 'INVALID_ARGUMENT'));
    }
    const now = o.now();
    const matching = stored
      .filter((s) => s.app === m[1] && (s.visibleAt === undefined || s.visibleAt <= now) && s.at >= start && s.at <= end && (!pos || after(s, pos)))
      .sort(order);
    const page = matching.slice(0, max);
    const last = page.at(-1 - Math.min(o.pageOverlap ?? 0, Math.max(0, page.length - 1)));
    const more = matching.length > max && last !== undefined;
    const body: Record<string, unknown> = { kind: 'admin#reports#activities', etag: '"fake"' };
    if (page.length > 0) body.items = page.map((s) => s.item);
    if (more) body.nextPageToken = Buffer.from(JSON.stringify({ t: last.at, s: last.seq })).toString('base64url');
    reply(200, body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(599, { 'content-type': 'text/plain' });
      res.end(`fake server bug: ${String(err)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  const file = (a: GwTestActivity, visibleAt?: number) => {
    stored.push({ app: a.id.applicationName, item: a, at: Date.parse(a.id.time), seq: ++seq, ...(visibleAt !== undefined ? { visibleAt } : {}) });
  };
  return {
    url: base,
    tokenUrl: `${base}/token`,
    add: (...activities) => activities.forEach((a) => file(a)),
    addLate: (a, visibleAt) => file(a, visibleAt),
    addRaw: (app, item, at) => {
      stored.push({ app, item, at, seq: ++seq });
    },
    failNext: (...r) => {
      scripted.push(...r);
    },
    expireTokens: expireAll,
    expireTokensAfter: (n) => {
      expireIn = n;
    },
    requests,
    issuedTokens,
    get tokensIssued() {
      return issued;
    },
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((err) => (err ? reject(err) : resolve()));
    }),
  };
}

let uq = 1_000_000;

/** A Drive `download` activity shaped like the Reports API's, with our own values. */
export function driveActivity(atMs: number, opts: { name?: string; actor?: string; doc?: string; qualifier?: string; extra?: GwTestEvent[] } = {}): GwTestActivity {
  const doc = opts.doc ?? `doc-${uq}`;
  const events: GwTestEvent[] = [{
    type: 'access',
    name: opts.name ?? 'download',
    parameters: [
      { name: 'doc_id', value: doc },
      { name: 'doc_title', value: `${doc}.pdf` },
      { name: 'doc_type', value: 'pdf' },
      { name: 'owner', value: 'owner@example.com' },
      { name: 'visibility', value: 'private' },
      { name: 'primary_event', boolValue: true },
    ],
  }, ...(opts.extra ?? [])];
  return {
    kind: 'admin#reports#activity',
    id: { time: new Date(atMs).toISOString(), uniqueQualifier: opts.qualifier ?? String(++uq), applicationName: 'drive', customerId: 'C0fake' },
    actor: { callerType: 'USER', email: opts.actor ?? 'dana@example.com', profileId: '1100' },
    ipAddress: '198.51.100.40',
    events,
  };
}

/** A Login `login_success` activity. */
export function loginActivity(atMs: number, actor = 'dana@example.com'): GwTestActivity {
  return {
    kind: 'admin#reports#activity',
    id: { time: new Date(atMs).toISOString(), uniqueQualifier: String(++uq), applicationName: 'login', customerId: 'C0fake' },
    actor: { callerType: 'USER', email: actor, profileId: '1100' },
    ipAddress: '198.51.100.40',
    events: [{ type: 'login', name: 'login_success', parameters: [{ name: 'login_type', value: 'google_password' }] }],
  };
}
