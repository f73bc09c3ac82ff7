import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackServer, readBody, type Fault, type RecordedRequest } from './loopback-server.ts';
export type { Fault, RecordedRequest } from './loopback-server.ts';

/**
 * A local stand-in for Entra ID (v2 token endpoint) and the Office 365 Management Activity API, speaking the contract
 * in api-contracts.md §2: subscriptions list/start, content listing by `contentCreated` window (24 h max, ≤ 7 days
 * back, start-inclusive/end-exclusive, `NextPageUri` paging), blob retrieval and the AF error codes. Faults are
 * injected on demand. Time is the test's clock, shared with the collector.
 */

export interface FakeBlob {
  contentType: string;
  contentId: string;
  contentCreated: Date;
  /** When the blob first shows up in listings (default: contentCreated). Later = late data. */
  availableAt?: Date;
  /** Default: contentCreated + 7 days. */
  expiresAt?: Date;
  records: Record<string, unknown>[];
  /** Fault: the body served instead of the records (off-contract content: an object, a string…). */
  rawBody?: unknown;
  /** Fault: the listed `contentUri` names this base URL instead of the API's (a host the token must never reach). */
  contentUriBase?: string;
}

export interface FakeM365Options {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  now: () => Date;
  /** Content refs per listing page (default 100). */
  pageSize?: number;
  /** Whether the app was granted ActivityFeed.Read (false → AF10001). */
  activityFeedRead?: boolean;
}

const SCOPE = 'https://manage.office.com/.default';
const DAY_MS = 86_400_000;

export class FakeM365Server extends LoopbackServer {
  readonly requests: RecordedRequest[] = [];
  readonly subscriptions = new Map<string, 'enabled' | 'disabled'>();
  /** contentId → number of successful GETs. */
  readonly blobGets = new Map<string, number>();
  tokensIssued = 0;
  activityFeedRead: boolean;
  pageSize: number;
  /** Fault: `NextPageUri` names this base URL instead of the API's. */
  nextPageBase: string | undefined;

  private readonly blobs: FakeBlob[] = [];
  private readonly faults: Fault[] = [];
  private readonly validTokens = new Set<string>();
  private readonly pages = new Map<string, { items: unknown[]; query: URLSearchParams }>();
  private expireAfter: number | undefined;

  constructor(private readonly opts: FakeM365Options) {
    super();
    this.activityFeedRead = opts.activityFeedRead ?? true;
    this.pageSize = opts.pageSize ?? 100;
  }

  /** Use as M365_LOGIN_BASE_URL. */
  get loginBaseUrl(): string {
    return `${this.baseUrl}/login`;
  }
  /** Use as M365_API_BASE_URL. */
  get apiBaseUrl(): string {
    return `${this.baseUrl}/manage`;
  }

  addBlob(blob: FakeBlob): void {
    this.blobs.push(blob);
  }

  inject(fault: Fault): void {
    this.faults.push({ ...fault, times: fault.times ?? 1 });
  }

  /** Every token issued so far stops working after `n` more API calls (a token expiring mid-run). */
  expireTokensAfter(n: number): void {
    this.expireAfter = n;
  }

  apiRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.startsWith('/manage/'));
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const body = await readBody(req);
    const rec: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body };
    this.requests.push(rec);

    const fault = this.faults.find((f) => (f.times ?? 0) > 0 && f.match(rec));
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      return send(res, fault.status, fault.body ?? '', fault.headers);
    }
    if (url.pathname.startsWith('/login/')) return this.token(url, body, res);
    if (url.pathname.startsWith('/manage/')) return this.api(req, url, res);
    return send(res, 404, { error: { code: 'NotFound', message: 'no such route' } });
  }

  private token(url: URL, body: string, res: ServerResponse): void {
    const m = /^\/login\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    const form = new URLSearchParams(body);
    if (!m) return send(res, 404, { error: 'not_found' });
    if (m[1] !== this.opts.tenantId) {
      return send(res, 400, { error: 'invalid_request', error_description: `AADSTS90002: Tenant '${m[1]}' not found.` });
    }
    if (form.get('grant_type') !== 'client_credentials' || form.get('scope') !== SCOPE) {
      return send(res, 400, { error: 'invalid_request', error_description: 'AADSTS900144: bad grant_type or scope' });
    }
    if (form.get('client_id') !== this.opts.clientId || form.get('client_secret') !== this.opts.clientSecret) {
      return send(res, 401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
    }
    this.tokensIssued += 1;
    const token = `fake-m365-token-${this.tokensIssued}`;
    this.validTokens.add(token);
    return send(res, 200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });
  }

  private api(req: IncomingMessage, url: URL, res: ServerResponse): void {
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    if (this.expireAfter !== undefined) {
      if (this.expireAfter <= 0) {
        this.validTokens.clear();
        this.expireAfter = undefined;
      } else this.expireAfter -= 1;
    }
    if (!this.validTokens.has(token)) return send(res, 401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token has expired or is not valid.' } });
    if (!this.activityFeedRead) {
      return send(res, 403, { error: { code: 'AF10001', message: 'The permission set () sent in the request does not include the expected permission ActivityFeed.Read.' } });
    }
    // Both /api/v1.0/ and /api/v1/ exist: the documented NextPageUri uses the latter.
    const m = /^\/manage\/api\/v1(?:\.0)?\/([^/]+)\/activity\/feed\/(.+)$/.exec(url.pathname);
    if (!m) return send(res, 404, { error: { code: 'NotFound', message: 'no such route' } });
    const [, tenant, op] = m as unknown as [string, string, string];
    if (tenant !== this.opts.tenantId) {
      return send(res, 400, { error: { code: 'AF20010', message: `The tenant ID passed in the URL (${tenant}) does not match the tenant ID passed in the access token.` } });
    }
    const q = url.searchParams;
    if (op === 'subscriptions/list' && req.method === 'GET') {
      return send(res, 200, [...this.subscriptions].map(([contentType, status]) => ({ contentType, status, webhook: null })));
    }
    if (op === 'subscriptions/start' && req.method === 'POST') {
      const ct = q.get('contentType') ?? '';
      if (!ct.startsWith('Audit.') && ct !== 'DLP.All') return send(res, 400, { error: { code: 'AF20020', message: `Invalid content type: ${ct}` } });
      this.subscriptions.set(ct, 'enabled');
      return send(res, 200, { contentType: ct, status: 'enabled', webhook: null });
    }
    if (op === 'subscriptions/content' && req.method === 'GET') return this.listContent(q, res);
    const blob = /^audit\/(.+)$/.exec(op);
    if (blob && req.method === 'GET') return this.getBlob(decodeURIComponent(blob[1] ?? ''), res);
    return send(res, 404, { error: { code: 'NotFound', message: 'no such route' } });
  }

  private listContent(q: URLSearchParams, res: ServerResponse): void {
    const next = q.get('nextPage');
    if (next) {
      const page = this.pages.get(next);
      if (!page) return send(res, 400, { error: { code: 'AF20031', message: 'Invalid nextPage Input' } });
      return this.sendPage(page.items, page.query, res);
    }
    const ct = q.get('contentType') ?? '';
    if (this.subscriptions.get(ct) !== 'enabled') {
      const code = this.subscriptions.has(ct) ? 'AF20023' : 'AF20022';
      return send(res, 400, { error: { code, message: `The subscription for ${ct} is disabled or missing.` } });
    }
    const start = parseApiTime(q.get('startTime'));
    const end = parseApiTime(q.get('endTime'));
    const now = this.opts.now().getTime();
    if (start === undefined || end === undefined || end <= start || end - start > DAY_MS || start < now - 7 * DAY_MS) {
      return send(res, 400, { error: { code: 'AF20055', message: 'Start time and end time must both be specified, less than 24 hours apart, and no more than 7 days in the past.' } });
    }
    const items = this.blobs
      .filter((b) => b.contentType === ct && (b.availableAt ?? b.contentCreated).getTime() <= now)
      .filter((b) => b.contentCreated.getTime() >= start && b.contentCreated.getTime() < end)
      .sort((a, b) => a.contentCreated.getTime() - b.contentCreated.getTime() || (a.contentId < b.contentId ? -1 : 1))
      .map((b) => ({
        contentType: b.contentType,
        contentId: b.contentId,
        contentUri: `${b.contentUriBase ?? this.apiBaseUrl}/api/v1.0/${this.opts.tenantId}/activity/feed/audit/${b.contentId}`,
        contentCreated: b.contentCreated.toISOString(),
        contentExpiration: (b.expiresAt ?? new Date(b.contentCreated.getTime() + 7 * DAY_MS)).toISOString(),
      }));
    return this.sendPage(items, q, res);
  }

  private sendPage(items: unknown[], q: URLSearchParams, res: ServerResponse): void {
    const page = items.slice(0, this.pageSize);
    const rest = items.slice(this.pageSize);
    const headers: Record<string, string> = {};
    if (rest.length > 0) {
      const token = `${Date.parse('2026-01-01') / 1000}R${this.pages.size + 1}`;
      this.pages.set(token, { items: rest, query: q });
      const nq = new URLSearchParams({ contentType: q.get('contentType') ?? '', startTime: q.get('startTime') ?? '', endTime: q.get('endTime') ?? '', nextPage: token });
      headers.NextPageUri = `${this.nextPageBase ?? this.apiBaseUrl}/api/v1/${this.opts.tenantId}/activity/feed/subscriptions/content?${nq.toString()}`;
    }
    return send(res, 200, page, headers);
  }

  private getBlob(contentId: string, res: ServerResponse): void {
    const blob = this.blobs.find((b) => b.contentId === contentId);
    if (!blob) return send(res, 404, { error: { code: 'AF20050', message: `The specified content (${contentId}) doesn't exist.` } });
    const expires = (blob.expiresAt ?? new Date(blob.contentCreated.getTime() + 7 * DAY_MS)).getTime();
    if (expires <= this.opts.now().getTime()) {
      return send(res, 400, { error: { code: 'AF20051', message: `Content requested with the key ${contentId} has already expired.` } });
    }
    this.blobGets.set(contentId, (this.blobGets.get(contentId) ?? 0) + 1);
    return send(res, 200, blob.rawBody !== undefined ? JSON.stringify(blob.rawBody) : blob.records, blob.rawBody !== undefined ? { 'content-type': 'application/json' } : {});
  }
}

function parseApiTime(s: string | null): number | undefined {
  if (!s || !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/.test(s)) return undefined;
  return Date.parse(`${s}${s.length === 10 ? 'T00:00:00' : ''}Z`);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json; charset=utf-8', ...headers });
  res.end(text);
}

/** Helpers to build realistic audit records and blobs for tests. */
export function auditRecord(id: string, creationTime: Date, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Id: id,
    RecordType: 6,
    CreationTime: creationTime.toISOString().slice(0, 19),
    Operation: 'FileDownloaded',
    OrganizationId: '8f4a1c62-77d3-4b0e-9a55-2c1de9f80b31',
    UserType: 0,
    UserKey: 'i:0h.f|membership|10032000a1b2c3d4@live.com',
    Workload: 'SharePoint',
    UserId: 'asmith@contoso.com',
    ClientIP: '203.0.113.9',
    ObjectId: `https://contoso.sharepoint.com/sites/finance/Shared Documents/q${id.slice(0, 4)}.xlsx`,
    ...extra,
  };
}
