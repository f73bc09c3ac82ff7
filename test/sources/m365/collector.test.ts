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
import { collectorFromEnv, createM365Collector, type M365Collector } from '../../../lib/sources/m365/index.ts';
import type { BatchSink } from '../../../lib/sources/ports.ts';
import { MissingCredentialsError } from '../../../lib/sources/run/errors.ts';
import { auditRecord, FakeM365Server } from '../../support/fake-m365-server.ts';

const TENANT = '8f4a1c62-77d3-4b0e-9a55-2c1de9f80b31';
const CLIENT = '0b1c2d3e-aaaa-bbbb-cccc-0123456789ab';
const SECRET = 'Sup3r~Secret.ValueThatMustNotLeak_42';
const H = 3_600_000;
const T0 = Date.parse('2026-11-22T00:00:00Z');

let nowMs = T0;
const clock = { now: () => nowMs };
let server: FakeM365Server;
let dir: string;
let sleeps: number[];
let logs: string[];

beforeEach(async () => {
  nowMs = T0;
  creationTimes.clear();
  sleeps = [];
  logs = [];
  server = new FakeM365Server({ tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET, now: () => new Date(nowMs), pageSize: 2 });
  await server.start();
  dir = await mkdtemp(join(tmpdir(), 'hw-m365-'));
});

afterEach(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

function collector(over: Record<string, unknown> = {}): M365Collector {
  return createM365Collector(
    {
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret: SECRET,
      loginBaseUrl: server.loginBaseUrl,
      apiBaseUrl: server.apiBaseUrl,
      contentTypes: ['Audit.SharePoint', 'Audit.Exchange'],
      overlapMinutes: 60,
      ...over,
    },
    { clock, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, since: new Date(T0 - 6 * H), maxRecordsPerBatch: 3 },
  );
}

const checkpoints = (): FileCheckpointStore => new FileCheckpointStore(join(dir, 'state.json'));

function run(c: M365Collector, sink: BatchSink = new FsBatchSink(join(dir, 'out'))) {
  return c.runOnce({ sink, checkpoints: checkpoints(), dedupe: FileDedupeBackend.besideStateFile(join(dir, 'state.json'), 'm365'), clock, log: (l) => void logs.push(l) });
}

async function writtenEnvelopes(): Promise<Envelope[]> {
  const out: Envelope[] = [];
  const root = join(dir, 'out');
  const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.ndjson.gz')).sort();
  for (const f of files) {
    const text = gunzipSync(await readFile(join(root, f))).toString('utf8');
    for (const line of text.split('\n')) if (line) out.push(JSON.parse(line) as Envelope);
  }
  return out;
}

function blob(ct: string, id: string, createdMs: number, recordIds: string[], extra: { availableAt?: number; expiresAt?: number } = {}) {
  server.addBlob({
    contentType: ct,
    contentId: `20261122${id}$${id}$audit_sharepoint$Audit_SharePoint$emea0011`,
    contentCreated: new Date(createdMs),
    ...(extra.availableAt !== undefined ? { availableAt: new Date(extra.availableAt) } : {}),
    ...(extra.expiresAt !== undefined ? { expiresAt: new Date(extra.expiresAt) } : {}),
    // Microsoft repeats a record verbatim: a repeated Id keeps the CreationTime of its first copy.
    records: recordIds.map((r, i) => auditRecord(r, new Date(firstSeen(r, createdMs - 40 * 60_000 - i * 1000)))),
  });
}

const creationTimes = new Map<string, number>();
function firstSeen(id: string, at: number): number {
  if (!creationTimes.has(id)) creationTimes.set(id, at);
  return creationTimes.get(id)!;
}

function countIds(envs: Envelope[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of envs) m.set(e.id, (m.get(e.id) ?? 0) + 1);
  return m;
}

describe('m365 collector against the fake Management Activity API', () => {
  it('three consecutive runs with faults, late and duplicate data write every event id exactly once', async () => {
    server.subscriptions.set('Audit.SharePoint', 'enabled');
    const sameSecond = T0 - 2 * H;
    // Run 1 data: four blobs share one contentCreated second and span a page boundary (page size 2).
    blob('Audit.SharePoint', 'a1', T0 - 5 * H, ['r-1', 'r-2']);
    blob('Audit.SharePoint', 'a2', sameSecond, ['r-3', 'r-4']);
    blob('Audit.SharePoint', 'a3', sameSecond, ['r-5', 'r-2']); // r-2: Microsoft's by-design duplicate
    blob('Audit.SharePoint', 'a4', sameSecond, ['r-6']);
    blob('Audit.SharePoint', 'a5', sameSecond, ['r-7', 'r-7']); // duplicate inside one blob
    blob('Audit.SharePoint', 'a6', T0 - 45 * 60_000, ['r-10']);
    blob('Audit.Exchange', 'e1', T0 - 3 * H, ['x-1', 'x-2']);
    // Run 2 data: a late blob (listed only after run 1, contentCreated before run 1's cursor, old events),
    // a fresh blob repeating a record written in run 1 (within the overlap, where duplicates are dropped).
    blob('Audit.SharePoint', 'late', T0 - 30 * 60_000, ['r-late-1', 'r-late-2'], { availableAt: T0 + 30 * 60_000 });
    blob('Audit.SharePoint', 'b1', T0 + 20 * 60_000, ['r-8', 'r-10']);
    blob('Audit.Exchange', 'e2', T0 + 40 * 60_000, ['x-3']);
    // Run 3 data, plus one blob Microsoft expired before we could read it.
    blob('Audit.SharePoint', 'c1', T0 + 90 * 60_000, ['r-9']);
    blob('Audit.SharePoint', 'gone', T0 + 80 * 60_000, ['r-lost'], { expiresAt: T0 + 100 * 60_000 });
    blob('Audit.Exchange', 'e3', T0 + 100 * 60_000, ['x-4', 'x-3']);

    // Faults in run 1: AF429 as 429 and as 403, a 500, and the token expiring mid-run.
    server.inject({ match: (r) => r.path.endsWith('/subscriptions/content'), status: 429, body: { error: { code: 'AF429', message: 'Too many requests. Method=ListContent' } } });
    server.inject({ match: (r) => r.path.includes('/audit/'), status: 403, body: { error: { code: 'AF429', message: 'Too many requests. Method=GetBlob, PublisherId=x' } } });
    server.inject({ match: (r) => r.path.includes('/audit/'), status: 500, body: { error: { code: 'AF50000', message: 'An internal server error occurred. Retry the request.' } } });
    server.expireTokensAfter(6);

    const c = collector();
    const s1 = await run(c);
    expect(s1.status).toBe('completed');
    expect(server.tokensIssued).toBe(2); // re-authenticated once after the 401
    expect(s1.retries).toBeGreaterThanOrEqual(4);
    expect(sleeps.length).toBeGreaterThanOrEqual(3);
    expect([...server.subscriptions.keys()].sort()).toEqual(['Audit.Exchange', 'Audit.SharePoint']);
    expect(c.stats.subscriptionsStarted).toEqual(['Audit.Exchange']);

    nowMs = T0 + H;
    const s2 = await run(collector());
    expect(s2.status).toBe('completed');
    nowMs = T0 + 2 * H;
    const c3 = collector();
    const s3 = await run(c3);
    expect(c3.stats.blobsExpired).toBe(1);

    const envs = await writtenEnvelopes();
    const counts = countIds(envs);
    const expected = ['r-1', 'r-2', 'r-3', 'r-4', 'r-5', 'r-6', 'r-7', 'r-10', 'r-late-1', 'r-late-2', 'r-8', 'r-9', 'x-1', 'x-2', 'x-3', 'x-4'];
    expect([...counts.keys()].sort()).toEqual(expected.sort());
    for (const [id, n] of counts) expect(n, id).toBe(1);
    expect(s1.duplicatesDropped + s2.duplicatesDropped + s3.duplicatesDropped).toBe(4);
    for (const e of envs) {
      expect(e.source).toBe('m365');
      expect(e.stream).toBe(e.id.startsWith('x-') ? 'Audit.Exchange' : 'Audit.SharePoint');
      expect(e.record.Id).toBe(e.id);
    }
    // Blobs fetched once each, PublisherIdentifier on every API call, NextPageUri followed as given (/api/v1/).
    for (const [id, n] of server.blobGets) expect(n, id).toBe(1);
    const api = server.apiRequests();
    for (const r of api) expect(r.query.get('PublisherIdentifier'), r.path).toBe(TENANT);
    expect(api.some((r) => r.path.includes('/api/v1/') && r.query.has('nextPage'))).toBe(true);
    // Listing windows respect the API: ≤ 24 h, start ≤ 7 days back (the fake rejects anything else with AF20055).
    expect(logs.join('\n')).toContain('expired');
  });

  it('a crash after a batch write but before its checkpoint loses nothing and doubles nothing', async () => {
    server.subscriptions.set('Audit.SharePoint', 'enabled');
    server.subscriptions.set('Audit.Exchange', 'enabled');
    for (let i = 0; i < 5; i++) blob('Audit.SharePoint', `s${i}`, T0 - (5 - i) * H, [`r-${i}-a`, `r-${i}-b`]);
    blob('Audit.Exchange', 'e1', T0 - H, ['x-1']);

    const real = new FsBatchSink(join(dir, 'out'));
    let writes = 0;
    const crashing: BatchSink = {
      async write(key, envelopes) {
        const r = await real.write(key, envelopes);
        if (++writes === 2) throw new Error('injected crash after the batch became durable');
        return r;
      },
    };
    await expect(run(collector(), crashing)).rejects.toThrow('injected crash');
    const after1 = await writtenEnvelopes();
    expect(after1.length).toBeGreaterThan(0);

    await run(collector());
    const counts = countIds(await writtenEnvelopes());
    expect(counts.size).toBe(11);
    for (const [id, n] of counts) expect(n, id).toBe(1);
  });

  it('after a long outage, lists only what the API allows: ≤ 24 h windows starting within 7 days', async () => {
    server.subscriptions.set('Audit.SharePoint', 'enabled');
    server.subscriptions.set('Audit.Exchange', 'enabled');
    blob('Audit.SharePoint', 's1', T0 - H, ['r-1']);
    await run(collector());
    nowMs = T0 + 10 * 24 * H;
    blob('Audit.SharePoint', 's2', nowMs - 5 * 24 * H, ['r-2']);
    blob('Audit.SharePoint', 's3', nowMs - H, ['r-3']);
    const s = await run(collector());
    expect(s.status).toBe('completed');
    expect([...countIds(await writtenEnvelopes()).keys()].sort()).toEqual(['r-1', 'r-2', 'r-3']);
    // The three days the API no longer lists are not skipped silently: logged per content type, and counted.
    expect(s.retentionSkips).toBe(2);
    expect(logs.filter((l) => /Audit\.(SharePoint|Exchange) content created .* is past the API's 7-day limit/.test(l))).toHaveLength(2);
    const listings = server.apiRequests().filter((r) => r.path.endsWith('/subscriptions/content') && !r.query.has('nextPage'));
    const secondRun = listings.filter((r) => Date.parse(`${r.query.get('endTime')}Z`) > T0 + H);
    expect(secondRun.length).toBeGreaterThanOrEqual(14); // 7 days × 2 content types
    for (const r of secondRun) {
      const start = Date.parse(`${r.query.get('startTime')}Z`);
      const end = Date.parse(`${r.query.get('endTime')}Z`);
      expect(end - start).toBeLessThanOrEqual(24 * H);
      expect(start).toBeGreaterThan(nowMs - 7 * 24 * H);
    }
  });

  it('starts a subscription that turns out missing (AF20022) and lists again', async () => {
    server.subscriptions.set('Audit.SharePoint', 'enabled');
    server.subscriptions.set('Audit.Exchange', 'enabled');
    blob('Audit.SharePoint', 's1', T0 - H, ['r-1']);
    server.inject({ match: (r) => r.path.endsWith('/subscriptions/content'), status: 400, body: { error: { code: 'AF20022', message: 'No subscription found for the specified content type' } } });
    const c = collector();
    await run(c);
    expect(c.stats.subscriptionsStarted).toEqual(['Audit.SharePoint']);
    expect([...countIds(await writtenEnvelopes()).keys()]).toEqual(['r-1']);
  });

  it('skips a blob the API reports expired (AF20051), counts it, and does not ask again', async () => {
    server.subscriptions.set('Audit.SharePoint', 'enabled');
    server.subscriptions.set('Audit.Exchange', 'enabled');
    blob('Audit.SharePoint', 's1', T0 - 2 * H, ['r-1']);
    blob('Audit.SharePoint', 's2', T0 - H, ['r-2']);
    server.inject({ match: (r) => r.path.includes('/audit/20261122s1'), status: 400, body: { error: { code: 'AF20051', message: 'Content requested with the key s1 has already expired.' } } });
    const c = collector();
    const first = await run(c);
    expect(c.stats.blobsExpired).toBe(1);
    expect(first.retentionSkips).toBe(1);
    expect([...countIds(await writtenEnvelopes()).keys()]).toEqual(['r-2']);
    nowMs = T0 + 10 * 60_000;
    await run(collector());
    expect(server.apiRequests().filter((r) => r.path.includes('/audit/20261122s1')).length).toBe(1);
  });

  it('a missing permission (AF10001) fails the run clearly and leaves the checkpoint alone', async () => {
    server.subscriptions.set('Audit.SharePoint', 'enabled');
    server.subscriptions.set('Audit.Exchange', 'enabled');
    blob('Audit.SharePoint', 's1', T0 - H, ['r-1']);
    await run(collector());
    const before = await checkpoints().get('m365');
    expect(before).not.toBeNull();

    nowMs = T0 + H;
    blob('Audit.SharePoint', 's2', T0 + 30 * 60_000, ['r-2']);
    server.activityFeedRead = false;
    const err = await run(collector()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorConfigError);
    expect((err as VendorConfigError).code).toBe('AF10001');
    expect((err as Error).message).toMatch(/ActivityFeed\.Read/);
    // The cursor is untouched; only the run's health (failed, with its redacted reason) was recorded.
    const after = await checkpoints().get<{ cursor: unknown; health: { lastRun: { status: string; error: string } } }>('m365');
    expect(after?.cursor.cursor).toEqual((before as { cursor: { cursor: unknown } }).cursor.cursor);
    expect(after?.cursor.health.lastRun).toMatchObject({ status: 'failed', error: expect.stringContaining('AF10001') });
  });

  it('a wrong secret or unknown tenant fails without printing credentials', async () => {
    const wrong = 'Wrong~Secret.ButStillSecret_0987';
    const e1 = await run(collector({ clientSecret: wrong })).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(VendorAuthError);
    const e2 = await run(collector({ tenantId: '00000000-0000-0000-0000-000000000000' })).catch((e: unknown) => e);
    expect(e2).toBeInstanceOf(VendorConfigError);
    expect((e2 as Error).message).toMatch(/AADSTS90002/);
    for (const e of [e1, e2]) {
      const text = `${String(e)} ${JSON.stringify(e)} ${String((e as Error).cause ?? '')}`;
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(SECRET);
    }
    const cp = await checkpoints().get<{ cursor: unknown; health: { lastRun: { status: string; error: string } } }>('m365');
    expect(cp?.cursor.cursor).toBeNull();
    expect(cp?.cursor.health.lastRun.status).toBe('failed');
    expect(JSON.stringify(cp)).not.toContain(SECRET);
  });

  it('never logs or throws the access token', async () => {
    server.subscriptions.set('Audit.SharePoint', 'enabled');
    server.subscriptions.set('Audit.Exchange', 'enabled');
    server.inject({ match: (r) => r.path.endsWith('/subscriptions/list'), status: 400, body: { error: { code: 'AF20010', message: 'tenant mismatch; header was Bearer fake-m365-token-1' } } });
    const err = await run(collector()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorConfigError);
    expect(String(err)).not.toContain('fake-m365-token-1');
    expect(logs.join('\n')).not.toContain('fake-m365-token');
  });

  it('builds from the environment and names missing variables', () => {
    expect(() => collectorFromEnv({ M365_TENANT_ID: TENANT })).toThrow(MissingCredentialsError);
    expect(() => collectorFromEnv({ M365_TENANT_ID: TENANT })).toThrow(/M365_CLIENT_ID, M365_CLIENT_SECRET/);
    expect(() => collectorFromEnv({ M365_TENANT_ID: TENANT, M365_CLIENT_ID: CLIENT, M365_CLIENT_SECRET: SECRET, M365_API_BASE_URL: 'not a url' }))
      .toThrow(/M365_API_BASE_URL/);
    try {
      collectorFromEnv({ M365_TENANT_ID: TENANT, M365_CLIENT_ID: CLIENT, M365_CLIENT_SECRET: SECRET, M365_OVERLAP_MINUTES: 'abc' });
    } catch (e) {
      expect(String(e)).toMatch(/M365_OVERLAP_MINUTES/);
      expect(String(e)).not.toContain(SECRET);
    }
    expect(collectorFromEnv({ M365_TENANT_ID: TENANT, M365_CLIENT_ID: CLIENT, M365_CLIENT_SECRET: SECRET }).source).toBe('m365');
  });
});
