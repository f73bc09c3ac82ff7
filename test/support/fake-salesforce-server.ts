import { createPublicKey, verify } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackServer, readBody, type Fault, type RecordedRequest } from './loopback-server.ts';
export type { Fault, RecordedRequest } from './loopback-server.ts';
import { gzipSync } from 'node:zlib';

/**
 * A local stand-in for a Salesforce org (api-contracts.md §1): the OAuth token endpoint (client credentials and JWT
 * bearer with real RS256 verification), SOQL `query` with `nextRecordsUrl` paging over EventLogFile and RTEM storage
 * objects, LogFile CSV downloads (gzip when asked), `Sforce-Limit-Info` on every response and the documented error
 * bodies. It understands exactly the query shapes of the contract and answers anything else with MALFORMED_QUERY.
 * Faults are injected on demand; time is the test's clock.
 */

export interface FakeLogFile {
  id: string;
  eventType: string;
  interval: 'Hourly' | 'Daily';
  logDate: Date;
  createdDate: Date;
  /** When the file first shows up in queries (default: createdDate). Later = late data. */
  visibleAt?: Date;
  /** CSV rows keyed by UPPER_SNAKE header; header order is the first row's key order. */
  rows: Record<string, string>[];
  /** Fault: the LogFile body served instead of `rows` (a row with a field too many…). */
  rawCsv?: string;
  /** Fault: fields of the EventLogFile row in query results replaced (e.g. `LogFile: null`, off-contract). */
  rowOverrides?: Record<string, unknown>;
}

export interface FakeRtemEvent {
  object: string;
  eventIdentifier: string;
  eventDate: Date;
  visibleAt?: Date;
  fields?: Record<string, unknown>;
}

export interface FakeSalesforceOptions {
  clientId: string;
  clientSecret: string;
  /** For the JWT bearer flow. */
  username?: string;
  publicKeyPem?: string;
  now: () => Date;
  apiVersion?: string;
  /** Records per query page (default 2000). */
  pageSize?: number;
  /** RTEM objects the org is licensed for (default: all queried). */
  licensedObjects?: string[];
  apiUsage?: { used: number; max: number };
}

const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export class FakeSalesforceServer extends LoopbackServer {
  readonly requests: RecordedRequest[] = [];
  readonly logFileGets = new Map<string, number>();
  readonly issuedTokens: string[] = [];
  readonly queries: string[] = [];
  apiUsage: { used: number; max: number };
  pageSize: number;
  licensedObjects: Set<string> | undefined;

  private readonly files: FakeLogFile[] = [];
  private readonly events: FakeRtemEvent[] = [];
  private readonly faults: Fault[] = [];
  private readonly validTokens = new Set<string>();
  private readonly cursors = new Map<string, unknown[]>();
  private expireAfter: number | undefined;

  constructor(private readonly opts: FakeSalesforceOptions) {
    super();
    this.apiUsage = opts.apiUsage ?? { used: 1000, max: 100_000 };
    this.pageSize = opts.pageSize ?? 2000;
    this.licensedObjects = opts.licensedObjects ? new Set(opts.licensedObjects) : undefined;
  }

  get apiVersion(): string {
    return this.opts.apiVersion ?? '62.0';
  }

  addLogFile(f: FakeLogFile): void {
    this.files.push(f);
  }

  addEvent(e: FakeRtemEvent): void {
    this.events.push(e);
  }

  inject(fault: Fault): void {
    this.faults.push({ ...fault, times: fault.times ?? 1 });
  }

  /** Every token issued so far stops working after `n` more API calls (a session expiring mid-run). */
  expireTokensAfter(n: number): void {
    this.expireAfter = n;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const body = await readBody(req);
    const rec: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body };
    this.requests.push(rec);
    const fault = this.faults.find((f) => (f.times ?? 0) > 0 && f.match(rec));
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      return this.send(res, fault.status, fault.body ?? '', fault.headers);
    }
    if (url.pathname === '/services/oauth2/token' && req.method === 'POST') return this.token(body, res);
    if (url.pathname.startsWith('/services/data/')) return this.api(req, url, res);
    return this.send(res, 404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
  }

  private token(body: string, res: ServerResponse): void {
    const form = new URLSearchParams(body);
    const grant = form.get('grant_type');
    if (grant === 'client_credentials') {
      if (form.get('client_id') !== this.opts.clientId || form.get('client_secret') !== this.opts.clientSecret) {
        return this.send(res, 400, { error: 'invalid_client', error_description: 'invalid client credentials' });
      }
      return this.issue(res);
    }
    if (grant === JWT_GRANT) {
      const problem = this.checkJwt(form.get('assertion') ?? '');
      if (problem) return this.send(res, 400, { error: 'invalid_grant', error_description: problem });
      return this.issue(res);
    }
    return this.send(res, 400, { error: 'unsupported_grant_type', error_description: 'grant type not supported' });
  }

  private checkJwt(assertion: string): string | undefined {
    const parts = assertion.split('.');
    if (parts.length !== 3 || !this.opts.publicKeyPem) return 'invalid assertion';
    const [h, p, s] = parts as [string, string, string];
    const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { alg?: string };
    if (header.alg !== 'RS256') return 'invalid assertion: alg';
    const ok = verify('RSA-SHA256', Buffer.from(`${h}.${p}`), createPublicKey(this.opts.publicKeyPem), Buffer.from(s, 'base64url'));
    if (!ok) return 'invalid assertion: signature';
    const c = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (c.iss !== this.opts.clientId) return 'invalid client_id';
    if (c.sub !== this.opts.username) return "user hasn't approved this consumer";
    if (c.aud !== this.baseUrl) return 'audience is invalid';
    const nowS = this.opts.now().getTime() / 1000;
    if (typeof c.exp !== 'number' || c.exp <= nowS || c.exp > nowS + 300) return 'expired authorization code';
    return undefined;
  }

  private issue(res: ServerResponse): void {
    const token = `00D5e000001N20Q!fake.${this.issuedTokens.length + 1}.${Math.random().toString(36).slice(2)}`;
    this.issuedTokens.push(token);
    this.validTokens.add(token);
    return this.send(res, 200, {
      access_token: token,
      instance_url: this.baseUrl,
      id: `${this.baseUrl}/id/00D5e000001N20QEAS/0055e000008hWkzAAE`,
      token_type: 'Bearer',
      issued_at: String(this.opts.now().getTime()),
      signature: 'nUFHwtfIGLKDTHcLWmDBG8frv0t+HQGl/iCZFIQUarE=',
    });
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
    if (!this.validTokens.has(token)) return this.send(res, 401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    this.apiUsage.used += 1;
    if (this.apiUsage.used > this.apiUsage.max) {
      return this.send(res, 403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    }
    const prefix = `/services/data/v${this.apiVersion}/`;
    if (!url.pathname.startsWith(prefix)) return this.send(res, 404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    const rest = url.pathname.slice(prefix.length);
    if (rest === 'query') return this.query(url.searchParams.get('q') ?? '', res);
    const more = /^query\/([^/]+)$/.exec(rest);
    if (more) return this.queryMore(more[1] ?? '', res);
    const lf = /^sobjects\/EventLogFile\/([^/]+)\/LogFile$/.exec(rest);
    if (lf) return this.logFile(req, lf[1] ?? '', res);
    return this.send(res, 404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
  }

  private query(soql: string, res: ServerResponse): void {
    this.queries.push(soql);
    const now = this.opts.now().getTime();
    const from = /\bFROM\s+(\w+)/i.exec(soql)?.[1];
    if (!from) return this.malformed(res, 'missing FROM');
    let records: unknown[];
    if (from === 'EventLogFile') {
      const m = /^SELECT (.+) FROM EventLogFile WHERE Interval = '(Hourly|Daily)' AND EventType IN \(([^)]*)\) AND CreatedDate (>=|>) (\S+) ORDER BY CreatedDate ASC NULLS FIRST, Id ASC$/.exec(soql);
      if (!m) return this.malformed(res, 'unsupported EventLogFile query');
      const [, , interval, typeList, op, lit] = m as unknown as [string, string, string, string, string, string];
      const types = new Set(typeList.split(',').map((t) => t.trim().replace(/^'|'$/g, '')));
      const fromMs = Date.parse(lit);
      if (Number.isNaN(fromMs) || !lit.endsWith('Z')) return this.malformed(res, 'bad datetime literal');
      records = this.files
        .filter((f) => (f.visibleAt ?? f.createdDate).getTime() <= now && f.interval === interval && types.has(f.eventType))
        .filter((f) => (op === '>=' ? f.createdDate.getTime() >= fromMs : f.createdDate.getTime() > fromMs))
        .sort((a, b) => a.createdDate.getTime() - b.createdDate.getTime() || (a.id < b.id ? -1 : 1))
        .map((f) => this.elfRow(f));
    } else {
      const m = /^SELECT FIELDS\(STANDARD\) FROM (\w+) WHERE EventDate > (\S+) AND EventDate <= (\S+) ORDER BY EventDate DESC$/.exec(soql);
      if (!m) return this.malformed(res, 'unsupported query');
      const [, object, a, b] = m as unknown as [string, string, string, string];
      if (this.licensedObjects && !this.licensedObjects.has(object)) {
        return this.send(res, 400, [{
          message: `\nFROM ${object}\n     ^\nERROR at Row:1:Column:30\nsObject type '${object}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name.`,
          errorCode: 'INVALID_TYPE',
        }]);
      }
      const lo = Date.parse(a);
      const hi = Date.parse(b);
      if (Number.isNaN(lo) || Number.isNaN(hi)) return this.malformed(res, 'bad datetime literal');
      records = this.events
        .filter((e) => e.object === object && (e.visibleAt ?? e.eventDate).getTime() <= now)
        .filter((e) => e.eventDate.getTime() > lo && e.eventDate.getTime() <= hi)
        .sort((x, y) => y.eventDate.getTime() - x.eventDate.getTime())
        .map((e) => ({
          attributes: { type: object, url: `/services/data/v${this.apiVersion}/sobjects/${object}/${e.eventIdentifier}` },
          EventDate: sfTime(e.eventDate),
          EventIdentifier: e.eventIdentifier,
          ...e.fields,
        }));
    }
    return this.page(records, 0, `01g${String(this.cursors.size + 1).padStart(12, '0')}`, res);
  }

  private queryMore(locatorAndOffset: string, res: ServerResponse): void {
    const m = /^(.+)-(\d+)$/.exec(locatorAndOffset);
    const all = m ? this.cursors.get(m[1] ?? '') : undefined;
    if (!m || !all) return this.send(res, 400, [{ errorCode: 'INVALID_QUERY_LOCATOR', message: 'invalid query locator' }]);
    return this.page(all, Number(m[2]), m[1] ?? '', res);
  }

  private page(all: unknown[], offset: number, locator: string, res: ServerResponse): void {
    const records = all.slice(offset, offset + this.pageSize);
    const done = offset + records.length >= all.length;
    const out: Record<string, unknown> = { totalSize: all.length, done, records };
    if (!done) {
      this.cursors.set(locator, all);
      out.nextRecordsUrl = `/services/data/v${this.apiVersion}/query/${locator}-${offset + records.length}`;
    }
    return this.send(res, 200, out);
  }

  private elfRow(f: FakeLogFile): Record<string, unknown> {
    const url = `/services/data/v${this.apiVersion}/sobjects/EventLogFile/${f.id}`;
    return {
      attributes: { type: 'EventLogFile', url },
      Id: f.id,
      EventType: f.eventType,
      LogDate: sfTime(f.logDate),
      Interval: f.interval,
      Sequence: f.interval === 'Daily' ? 0 : 1,
      CreatedDate: sfTime(f.createdDate),
      LogFileLength: toCsv(f.rows).length,
      LogFile: `${url}/LogFile`,
      ...f.rowOverrides,
    };
  }

  private logFile(req: IncomingMessage, id: string, res: ServerResponse): void {
    const f = this.files.find((x) => x.id === id);
    if (!f) return this.send(res, 404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    this.logFileGets.set(id, (this.logFileGets.get(id) ?? 0) + 1);
    const csv = Buffer.from(f.rawCsv ?? toCsv(f.rows), 'utf8');
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    res.writeHead(200, {
      'content-type': 'text/csv',
      'Sforce-Limit-Info': this.limitInfo(),
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    res.end(gzip ? gzipSync(csv) : csv);
  }

  private malformed(res: ServerResponse, why: string): void {
    return this.send(res, 400, [{ errorCode: 'MALFORMED_QUERY', message: `fake server: ${why}` }]);
  }

  private limitInfo(): string {
    return `api-usage=${this.apiUsage.used}/${this.apiUsage.max}`;
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, {
      'content-type': typeof body === 'string' ? 'text/plain' : 'application/json;charset=UTF-8',
      'Sforce-Limit-Info': this.limitInfo(),
      ...headers,
    });
    res.end(text);
  }
}

/** `2021-06-03T12:19:12.000+0000`, as Salesforce returns datetimes. */
export function sfTime(d: Date): string {
  return d.toISOString().replace('Z', '+0000');
}

/** RFC 4180 with every value double-quoted, as ELF LogFiles are. */
export function toCsv(rows: Record<string, string>[]): string {
  const header = Object.keys(rows[0] ?? {});
  const q = (v: string): string => `"${v.replace(/"/g, '""')}"`;
  return [header.map(q).join(','), ...rows.map((r) => header.map((h) => q(r[h] ?? '')).join(','))].join('\n') + '\n';
}

/** An ELF row in the shape of the contract (§1.6), for tests. */
export function elfRow(eventType: string, at: Date, extra: Record<string, string> = {}): Record<string, string> {
  const ts = at.toISOString();
  return {
    EVENT_TYPE: eventType,
    TIMESTAMP: ts.replace(/[-:T]/g, '').replace('Z', '').replace(/^(\d{14})\.(\d{3})$/, '$1.$2'),
    REQUEST_ID: `TID:${at.getTime()}`,
    ORGANIZATION_ID: '00D5e000001N20Q',
    USER_ID: '0055e000008hWkz',
    TIMESTAMP_DERIVED: ts,
    USER_ID_DERIVED: '0055e000008hWkzAAE',
    CLIENT_IP: '198.51.100.7',
    ...extra,
  };
}
