import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsBatchSink } from '../../../lib/adapters/batches/fs-batch-sink.ts';
import { FileCheckpointStore } from '../../../lib/adapters/checkpoints/file-checkpoint-store.ts';
import { FileDedupeBackend } from '../../../lib/adapters/dedupe/file-dedupe-backend.ts';
import type { Envelope } from '../../../lib/core/envelope.ts';
import { VendorAuthError, VendorConfigError } from '../../../lib/sources/http/errors.ts';
import type { BatchSink } from '../../../lib/sources/ports.ts';
import { MissingCredentialsError } from '../../../lib/sources/run/errors.ts';
import { collectorFromEnv, createSalesforceCollector, type SalesforceCollector, type SalesforceSettingsInput } from '../../../lib/sources/salesforce/index.ts';
import { elfRow, FakeSalesforceServer } from '../../support/fake-salesforce-server.ts';

const CLIENT = '3MVG9fakeConsumerKey.abcdef';
const SECRET = 'Cl1ent-Secret_that.must.never.leak';
const USERNAME = 'integration@acme.example';
const H = 3_600_000;
const M = 60_000;
const T0 = Date.parse('2026-11-22T00:00:00Z');
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_PEM = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const PUBLIC_PEM = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();

let nowMs = T0;
const clock = { now: () => nowMs };
let server: FakeSalesforceServer;
let dir: string;
let sleeps: number[];
let logs: string[];

beforeEach(async () => {
  nowMs = T0;
  sleeps = [];
  logs = [];
  server = new FakeSalesforceServer({ clientId: CLIENT, clientSecret: SECRET, username: USERNAME, publicKeyPem: PUBLIC_PEM, now: () => new Date(nowMs), pageSize: 2 });
  await server.start();
  dir = await mkdtemp(join(tmpdir(), 'hw-sf-'));
});

afterEach(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

function collector(over: Partial<SalesforceSettingsInput> = {}): SalesforceCollector {
  return createSalesforceCollector(
    {
      loginUrl: server.baseUrl,
      auth: { kind: 'client_credentials', clientId: CLIENT, clientSecret: SECRET },
      elf: { eventTypes: ['Report', 'API', 'Login'], lookbackHours: 72, rowsPerBatch: 3 },
      rtem: { objects: ['ApiEvent', 'ReportEvent'], windowMinutes: 60, overlapMinutes: 15 },
      ...over,
    },
    { clock, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, since: new Date(T0 - 24 * H) },
  );
}

const checkpoints = (): FileCheckpointStore => new FileCheckpointStore(join(dir, 'state.json'));

function run(c: SalesforceCollector, sink: BatchSink = new FsBatchSink(join(dir, 'out'))) {
  return c.runOnce({ sink, checkpoints: checkpoints(), dedupe: FileDedupeBackend.besideStateFile(join(dir, 'state.json'), 'salesforce'), clock, log: (l) => void logs.push(l) });
}

async function written(): Promise<Envelope[]> {
  const out: Envelope[] = [];
  const root = join(dir, 'out');
  const files = (await readdir(root, { recursive: true }).catch(() => [] as string[])).filter((f) => f.endsWith('.ndjson.gz')).sort();
  for (const f of files) {
    const text = gunzipSync(await readFile(join(root, f))).toString('utf8');
    for (const line of text.split('\n')) if (line) out.push(JSON.parse(line) as Envelope);
  }
  return out;
}

function countIds(envs: Envelope[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of envs) m.set(e.id, (m.get(e.id) ?? 0) + 1);
  return m;
}

/** Adds an hourly log file of `n` rows; returns the envelope ids it must produce. */
function logFile(id: string, eventType: string, createdMs: number, n: number, extra: { visibleAt?: number; logDate?: number; interval?: 'Hourly' | 'Daily' } = {}): string[] {
  const logDate = extra.logDate ?? createdMs - 4 * H;
  server.addLogFile({
    id,
    eventType,
    interval: extra.interval ?? 'Hourly',
    logDate: new Date(logDate),
    createdDate: new Date(createdMs),
    ...(extra.visibleAt !== undefined ? { visibleAt: new Date(extra.visibleAt) } : {}),
    rows: Array.from({ length: n }, (_, i) => elfRow(eventType, new Date(logDate + i * 1000), { ROW_COUNT: String(100 * (i + 1)), URI: '/lightning/r/Report/00O5e000001abcd/view, "quoted"' })),
  });
  return Array.from({ length: n }, (_, i) => `${id}:${i}`);
}

function event(object: string, id: string, atMs: number, visibleAt?: number): string {
  server.addEvent({
    object,
    eventIdentifier: id,
    eventDate: new Date(atMs),
    ...(visibleAt !== undefined ? { visibleAt: new Date(visibleAt) } : {}),
    fields: { UserId: '0055e000008hWkzAAE', Username: USERNAME, SourceIp: '185.220.101.44', RowsProcessed: 48213, QueriedEntities: 'Contact' },
  });
  return id;
}

describe('salesforce collector against the fake org', () => {
  it('three consecutive runs with faults, same-second page splits and late data write every id exactly once', async () => {
    const expected: string[] = [];
    // Run 1: F2 and F3 share a CreatedDate and straddle the page boundary (page size 2); a Daily file is ignored.
    expected.push(...logFile('0AT000000000001AAA', 'Report', T0 - 10 * H, 5));
    expected.push(...logFile('0AT000000000002AAA', 'API', T0 - 5 * H, 2));
    expected.push(...logFile('0AT000000000003AAA', 'Login', T0 - 5 * H, 1));
    logFile('0AT0000000000D1AAA', 'Report', T0 - 4 * H, 3, { interval: 'Daily' });
    const sec = T0 - 2 * H;
    for (const i of [1, 2, 3]) expected.push(event('ApiEvent', `api-same-second-${i}`, sec));
    expected.push(event('ApiEvent', 'api-early', T0 - 20 * H));
    expected.push(event('ApiEvent', 'api-boundary', T0 - 5 * M)); // re-read by run 2's overlap
    expected.push(event('ReportEvent', 'rep-1', T0 - 90 * M));
    // Run 2: a file created before run 1's cursor that only becomes visible later, for a LogDate days old;
    // an RTEM event committed late inside the overlap; fresh data.
    expected.push(...logFile('0AT000000000000LAT', 'Report', T0 - 6 * H, 2, { visibleAt: T0 + 30 * M, logDate: T0 - 3 * 24 * H }));
    expected.push(...logFile('0AT000000000004AAA', 'API', T0 + 30 * M, 4));
    expected.push(event('ApiEvent', 'api-late', T0 - 10 * M, T0 + 20 * M));
    expected.push(event('ApiEvent', 'api-run2', T0 + 40 * M));
    // Run 3.
    expected.push(...logFile('0AT000000000005AAA', 'Login', T0 + 90 * M, 1));
    expected.push(event('ReportEvent', 'rep-3', T0 + 100 * M));

    // Faults in run 1: a 500, a 429 with Retry-After, a concurrent-request 403, and the session expiring mid-run.
    server.inject({ match: (r) => r.path.endsWith('/query'), status: 500, body: [{ errorCode: 'UNKNOWN_EXCEPTION', message: 'An unexpected error occurred' }] });
    server.inject({ match: (r) => r.path.endsWith('/LogFile'), status: 429, body: 'slow down', headers: { 'Retry-After': '2' } });
    server.inject({ match: (r) => r.path.includes('/query/'), status: 403, body: [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'ConcurrentPerOrgLongTxn Limit exceeded.' }] });
    server.expireTokensAfter(5);

    const c1 = collector();
    const s1 = await run(c1);
    expect(s1.status).toBe('completed');
    expect(server.issuedTokens.length).toBe(2); // one re-authentication after INVALID_SESSION_ID
    expect(sleeps).toContain(2000);
    expect(s1.retries).toBeGreaterThanOrEqual(4);

    nowMs = T0 + H;
    const s2 = await run(collector());
    nowMs = T0 + 2 * H;
    const s3 = await run(collector());
    expect(s2.duplicatesDropped + s3.duplicatesDropped).toBeGreaterThanOrEqual(1);

    const envs = await written();
    const counts = countIds(envs);
    expect([...counts.keys()].sort()).toEqual([...expected].sort());
    for (const [id, n] of counts) expect(n, id).toBe(1);
    // Each log file downloaded once, with gzip requested; records keyed by the CSV header, quotes intact.
    for (const [id, n] of server.logFileGets) expect(n, id).toBe(1);
    expect(server.logFileGets.has('0AT0000000000D1AAA')).toBe(false);
    const downloads = server.requests.filter((r) => r.path.endsWith('/LogFile'));
    for (const d of downloads) expect(String(d.headers['accept-encoding'])).toMatch(/gzip/);
    const report = envs.find((e) => e.id === '0AT000000000001AAA:4');
    expect(report?.stream).toBe('elf:Report');
    expect(report?.record).toMatchObject({ EVENT_TYPE: 'Report', ROW_COUNT: '500', URI: '/lightning/r/Report/00O5e000001abcd/view, "quoted"' });
    expect(envs.find((e) => e.id === 'rep-1')?.stream).toBe('rtem:ReportEvent');
    // RTEM windows are bounded and EventDate-descending, as big objects require.
    expect(server.queries.filter((q) => q.includes('FROM ApiEvent')).every((q) => /EventDate > \S+ AND EventDate <= \S+ ORDER BY EventDate DESC$/.test(q))).toBe(true);
  });

  it('authenticates with the JWT bearer flow (RS256, exp in seconds)', async () => {
    logFile('0AT000000000001AAA', 'Login', T0 - H, 2);
    const c = collector({ auth: { kind: 'jwt', clientId: CLIENT, username: USERNAME, privateKeyPem: PRIVATE_PEM } });
    await run(c);
    const tokenReq = server.requests.find((r) => r.path === '/services/oauth2/token');
    expect(new URLSearchParams(tokenReq?.body).get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    expect([...countIds(await written()).keys()].sort()).toEqual(['0AT000000000001AAA:0', '0AT000000000001AAA:1']);

    const wrongUser = collector({ auth: { kind: 'jwt', clientId: CLIENT, username: 'someone@else.example', privateKeyPem: PRIVATE_PEM } });
    const err = await run(wrongUser).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorAuthError);
    expect(String(err)).toMatch(/approved/);
    expect(String(err)).not.toContain('PRIVATE KEY');
    expect(String(err)).not.toContain(PRIVATE_PEM.split('\n')[1]);
  });

  it('a crash after a batch write but before its checkpoint loses nothing and doubles nothing (mid-file)', async () => {
    const expected = [...logFile('0AT000000000001AAA', 'Report', T0 - 3 * H, 8), ...logFile('0AT000000000002AAA', 'API', T0 - 2 * H, 2)];
    expected.push(event('ApiEvent', 'api-1', T0 - H));
    const real = new FsBatchSink(join(dir, 'out'));
    let writes = 0;
    const crashing: BatchSink = {
      async write(key, envs) {
        const r = await real.write(key, envs);
        if (++writes === 2) throw new Error('injected crash after the batch became durable');
        return r;
      },
    };
    await expect(run(collector(), crashing)).rejects.toThrow('injected crash');
    expect((await written()).length).toBe(6); // two batches of 3 rows of the first file
    await run(collector());
    const counts = countIds(await written());
    expect([...counts.keys()].sort()).toEqual(expected.sort());
    for (const [id, n] of counts) expect(n, id).toBe(1);
  });

  it('a crash in the middle of an RTEM window (descending pages) loses nothing and doubles nothing', async () => {
    const expected = [1, 2, 3, 4, 5, 6, 7].map((i) => event('ApiEvent', `api-${i}`, T0 - 50 * M + i * 1000));
    const real = new FsBatchSink(join(dir, 'out'));
    let writes = 0;
    const crashing: BatchSink = {
      async write(key, envs) {
        const r = await real.write(key, envs);
        if (++writes === 2) throw new Error('injected crash after the batch became durable');
        return r;
      },
    };
    const only = { elf: { enabled: false }, rtem: { objects: ['ApiEvent'] } };
    await expect(run(collector(only), crashing)).rejects.toThrow('injected crash');
    expect((await written()).length).toBe(4);
    nowMs = T0 + 5 * M;
    await run(collector(only));
    const counts = countIds(await written());
    expect([...counts.keys()].sort()).toEqual(expected.sort());
    for (const [id, n] of counts) expect(n, id).toBe(1);
  });

  it('REQUEST_LIMIT_EXCEEDED stops the run cleanly; the next run resumes from what was durable', async () => {
    const expected = [...logFile('0AT000000000001AAA', 'Report', T0 - 3 * H, 2), ...logFile('0AT000000000002AAA', 'API', T0 - 2 * H, 2)];
    let downloads = 0;
    server.inject({ match: (r) => r.path.endsWith('/LogFile') && ++downloads === 2, status: 403, body: [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }] });
    const c1 = collector({ rtem: { objects: [] } });
    const s1 = await run(c1);
    expect(s1.status).toBe('vendor-quota');
    expect(c1.stats.stoppedReason).toBe('api-quota');
    expect([...countIds(await written()).keys()]).toEqual(expected.slice(0, 2));
    expect(logs.join('\n')).toMatch(/REQUEST_LIMIT_EXCEEDED/);

    await run(collector({ rtem: { objects: [] } }));
    const counts = countIds(await written());
    expect([...counts.keys()].sort()).toEqual(expected.sort());
    for (const [, n] of counts) expect(n).toBe(1);
  });

  it('stops before the daily quota runs dry (Sforce-Limit-Info)', async () => {
    logFile('0AT000000000001AAA', 'Report', T0 - 3 * H, 2);
    server.apiUsage = { used: 94_000, max: 100_000 };
    const c = collector();
    await run(c);
    expect(c.stats.stoppedReason).toBe('api-quota');
    expect(server.logFileGets.size).toBe(0);
    expect(server.requests.filter((r) => r.path.startsWith('/services/data/')).length).toBe(1);
  });

  it('an unlicensed RTEM object (INVALID_TYPE) fails the run by name; other objects are still collected', async () => {
    server.licensedObjects = new Set(['ApiEvent']);
    event('ApiEvent', 'api-1', T0 - H);
    event('ListViewEvent', 'lv-1', T0 - H);
    const err = await run(collector({ elf: { enabled: false }, rtem: { objects: ['ListViewEvent', 'ApiEvent'] } })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorConfigError);
    expect(String(err)).toMatch(/ListViewEvent/);
    expect([...countIds(await written()).keys()]).toEqual(['api-1']);
    const cp = (await checkpoints().get<{ cursor: { rtem: Record<string, unknown> } }>('salesforce'))?.cursor;
    expect(cp?.cursor.rtem.ListViewEvent).toEqual({});
  });

  it('rejected credentials fail with a clear message, no secret in it, and no checkpoint', async () => {
    const wrong = 'Wr0ng-Secret.also.secret';
    const err = await run(collector({ auth: { kind: 'client_credentials', clientId: CLIENT, clientSecret: wrong } })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorAuthError);
    expect(String(err)).toMatch(/invalid_client/);
    const text = `${String(err)} ${JSON.stringify(err)} ${logs.join(' ')}`;
    expect(text).not.toContain(wrong);
    expect(text).not.toContain(SECRET);
    const cp = await checkpoints().get<{ cursor: unknown; health: { lastRun: { status: string } } }>('salesforce');
    expect(cp?.cursor.cursor).toBeNull();
    expect(cp?.cursor.health.lastRun.status).toBe('failed');
    expect(JSON.stringify(cp)).not.toContain(wrong);
  });

  it('never prints the session token, even when the org echoes it', async () => {
    logFile('0AT000000000001AAA', 'Report', T0 - 3 * H, 1);
    server.inject({ match: (r) => r.path.endsWith('/query'), status: 400, body: [{ errorCode: 'INSUFFICIENT_ACCESS', message: `no View Event Log Files for session ${'00D5e000001N20Q!fake.1'}` }] });
    const err = await run(collector()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorConfigError);
    const token = server.issuedTokens[0] ?? 'none';
    expect(String(err)).not.toContain(token);
    const cp = await checkpoints().get<{ cursor: unknown }>('salesforce');
    expect(cp?.cursor.cursor).toBeNull();
    expect(JSON.stringify(cp)).not.toContain(token);
  });

  it('builds from the environment and names what is missing', () => {
    expect(() => collectorFromEnv({ SALESFORCE_CLIENT_ID: CLIENT })).toThrow(MissingCredentialsError);
    expect(() => collectorFromEnv({ SALESFORCE_CLIENT_ID: CLIENT })).toThrow(/SALESFORCE_CLIENT_SECRET/);
    expect(() => collectorFromEnv({ SALESFORCE_CLIENT_ID: CLIENT, SALESFORCE_USERNAME: USERNAME })).toThrow(/SALESFORCE_PRIVATE_KEY/);
    const e = (() => {
      try {
        collectorFromEnv({ SALESFORCE_CLIENT_ID: CLIENT, SALESFORCE_CLIENT_SECRET: SECRET, SALESFORCE_ELF_INTERVAL: 'Weekly' });
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(String(e)).toMatch(/SALESFORCE_ELF_INTERVAL/);
    expect(String(e)).not.toContain(SECRET);
    const jwt = collectorFromEnv({ SALESFORCE_CLIENT_ID: CLIENT, SALESFORCE_USERNAME: USERNAME, SALESFORCE_PRIVATE_KEY: PRIVATE_PEM.replace(/\n/g, '\\n') });
    expect(jwt.source).toBe('salesforce');
  });
});
