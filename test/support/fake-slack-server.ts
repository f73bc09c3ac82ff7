/**
 * A local stand-in for Slack's Audit Logs API (`GET /audit/v1/logs`, api-contracts.md §3) on 127.0.0.1:
 * bearer-token check, `oldest`/`latest` (inclusive), `limit` (≤ 9999), newest-first order, opaque `next_cursor`
 * paging, `{ok:false,error}` bodies, optional org-wide rate limit (429 + Retry-After) on an injected clock, and
 * scripted faults. Tests start and close it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ScriptedResponse } from './loopback-server.ts';

export interface SlackTestEntry {
  id: string;
  date_create: number;
  action: string;
  [k: string]: unknown;
}

export interface LoggedRequest {
  path: string;
  oldest?: string;
  latest?: string;
  limit?: string;
  cursor?: string;
  authorization?: string;
  /** What the server answered. */
  status: number;
  /** Time on the server's clock. */
  at: number;
}

export interface FakeSlackOptions {
  token: string;
  /** The server's clock, for late entries (`addLate`); default: entries are visible as soon as added. */
  now?: () => number;
  /**
   * Fault: each next page starts this many entries before the end of the previous one, so entries at a page
   * boundary (a same-second burst split across pages) are served twice. Must be below the page size.
   */
  pageOverlap?: number;
  /** Default page size when the client sends no `limit`. */
  defaultLimit?: number;
  /** Enforce N calls per window on `now()` (answering 429 + Retry-After beyond it). */
  rateLimit?: { limit: number; windowMs: number; now: () => number };
}

export interface FakeSlackServer {
  /** Base URL, to be used as SLACK_API_BASE_URL. */
  url: string;
  /** Makes entries visible to later requests (late data: add entries with older dates after a run). */
  add(...entries: SlackTestEntry[]): void;
  /** An entry that shows up only at `visibleAt` on the server's clock (after newer ones were served). */
  addLate(entry: SlackTestEntry, visibleAt: number): void;
  /** An off-contract entry (no id, a string date…), listed as if dated `date` (epoch s). */
  addRaw(entry: Record<string, unknown>, date: number): void;
  /** Answers the next requests with these responses, in order, before normal service resumes. */
  failNext(...responses: ScriptedResponse[]): void;
  requests: LoggedRequest[];
  close(): Promise<void>;
}

interface Stored {
  entry: Record<string, unknown>;
  /** What the server files the entry under (its date_create, or the date given to addRaw). */
  date: number;
  seq: number;
  visibleAt?: number;
}

/** Newest first; the same second is ordered by arrival, newest arrival first. */
const order = (a: Stored, b: Stored) => b.date - a.date || b.seq - a.seq;
const after = (s: Stored, pos: { d: number; s: number }) => s.date < pos.d || (s.date === pos.d && s.seq < pos.s);

export async function startFakeSlackServer(opts: FakeSlackOptions): Promise<FakeSlackServer> {
  const stored: Stored[] = [];
  const scripted: ScriptedResponse[] = [];
  const requests: LoggedRequest[] = [];
  const calls: number[] = [];
  let seq = 0;

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const q = url.searchParams;
    const log: LoggedRequest = { path: url.pathname, status: 0, at: opts.rateLimit?.now() ?? 0 };
    for (const k of ['oldest', 'latest', 'limit', 'cursor'] as const) {
      const v = q.get(k);
      if (v !== null) log[k] = v;
    }
    if (req.headers.authorization !== undefined) log.authorization = req.headers.authorization;
    requests.push(log);
    const reply = (status: number, body: unknown, headers?: Record<string, string>) => {
      log.status = status;
      send(res, status, body, headers);
    };

    if (opts.rateLimit) {
      const { limit, windowMs, now } = opts.rateLimit;
      const t = now();
      while (calls.length > 0 && (calls[0] ?? 0) <= t - windowMs) calls.shift();
      if (calls.length >= limit) {
        const retryAfter = Math.ceil(((calls[0] ?? t) + windowMs - t) / 1000);
        return reply(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retryAfter) });
      }
      calls.push(t);
    }
    const fault = scripted.shift();
    if (fault) return reply(fault.status, fault.body ?? {}, fault.headers);
    if (req.method !== 'GET' || url.pathname !== '/audit/v1/logs') return reply(404, { ok: false, error: 'unknown_method' });
    if (req.headers.authorization !== `Bearer ${opts.token}`) return reply(401, { ok: false, error: 'invalid_auth' });

    const limit = q.has('limit') ? Number(q.get('limit')) : (opts.defaultLimit ?? 100);
    if (!Number.isInteger(limit) || limit < 1 || limit > 9999) return reply(400, { ok: false, error: 'invalid_arguments' });
    const oldest = q.has('oldest') ? Number(q.get('oldest')) : Number.NEGATIVE_INFINITY;
    const latest = q.has('latest') ? Number(q.get('latest')) : Number.POSITIVE_INFINITY;
    let pos: { d: number; s: number } | undefined;
    const cursor = q.get('cursor');
    if (cursor) {
      try {
        pos = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { d: number; s: number };
      } catch {
        return reply(400, { ok: false, error: 'invalid_cursor' });
      }
      if (typeof pos?.d !== 'number' || typeof pos?.s !== 'number') return reply(400, { ok: false, error: 'invalid_cursor' });
    }
    const t = opts.now?.() ?? Number.POSITIVE_INFINITY;
    const matching = stored
      .filter((s) => (s.visibleAt === undefined || s.visibleAt <= t) && s.date >= oldest && s.date <= latest && (!pos || after(s, pos)))
      .sort(order);
    const page = matching.slice(0, limit);
    // With the page-overlap fault, the next page resumes `pageOverlap` entries before this page's end.
    const last = page.at(-1 - Math.min(opts.pageOverlap ?? 0, Math.max(0, page.length - 1)));
    const more = matching.length > limit && last !== undefined;
    const next = more ? Buffer.from(JSON.stringify({ d: last.date, s: last.seq })).toString('base64url') : '';
    reply(200, { entries: page.map((s) => s.entry), response_metadata: { next_cursor: next } });
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    add: (...entries) => {
      for (const entry of entries) stored.push({ entry, date: entry.date_create, seq: ++seq });
    },
    addLate: (entry, visibleAt) => {
      stored.push({ entry, date: entry.date_create, seq: ++seq, visibleAt });
    },
    addRaw: (entry, date) => {
      stored.push({ entry, date, seq: ++seq });
    },
    failNext: (...responses) => {
      scripted.push(...responses);
    },
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** A `file_downloaded` entry shaped like the contract (§3.7), with our own values. */
export function slackEntry(id: string, dateCreate: number, action = 'file_downloaded'): SlackTestEntry {
  return {
    id,
    date_create: dateCreate,
    action,
    actor: { type: 'user', user: { id: 'W0TESTUSER', name: 'Test User', email: 'test.user@example.com', team: 'T0TEST' } },
    entity: { type: 'file', file: { id: `F-${id}`, name: 'plan.pdf', title: 'plan.pdf', filetype: 'application/pdf' } },
    context: {
      location: { type: 'workspace', id: 'T0TEST', name: 'Example', domain: 'example' },
      ua: 'Mozilla/5.0 (X11; Linux x86_64)',
      ip_address: '198.51.100.23',
      session_id: 123456789012,
    },
  };
}
