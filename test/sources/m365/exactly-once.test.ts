import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsBatchSink } from '../../../lib/adapters/batches/fs-batch-sink.ts';
import { FileCheckpointStore } from '../../../lib/adapters/checkpoints/file-checkpoint-store.ts';
import { FileDedupeBackend } from '../../../lib/adapters/dedupe/file-dedupe-backend.ts';
import { createM365Collector } from '../../../lib/sources/m365/index.ts';
import type { RunSummary } from '../../../lib/sources/run/collector.ts';
import { countIds, crashAtEveryPoint, CrashPlan, expectEachIdOnce, LEASE_EXPIRY_MS, runStagesCrashing, type Ports } from '../../support/crash-harness.ts';
import { auditRecord, FakeM365Server } from '../../support/fake-m365-server.ts';
import { readBatches } from '../../support/read-batches.ts';
import { startScriptedHttpServer, type ScriptedHttpServer } from '../../support/scripted-http-server.ts';

const TENANT = '8f4a1c62-77d3-4b0e-9a55-2c1de9f80b31';
const CLIENT = '0b1c2d3e-aaaa-bbbb-cccc-0123456789ab';
const SECRET = 'Sup3r~Secret.ValueThatMustNotLeak_42';
const H = 3_600_000;
const T0 = Date.parse('2026-11-22T00:00:00Z');

let nowMs = T0;
const clock = { now: () => nowMs };
let dir: string;
let thief: ScriptedHttpServer;
beforeEach(async () => {
  nowMs = T0;
  dir = await mkdtemp(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'hw-m365-once-'));
  thief = await startScriptedHttpServer();
});
afterEach(async () => {
  await thief.close();
  await rm(dir, { recursive: true, force: true });
});

function ports(): Ports {
  return {
    sink: new FsBatchSink(join(dir, 'out')),
    checkpoints: new FileCheckpointStore(join(dir, 'state.json')),
    dedupe: FileDedupeBackend.besideStateFile(join(dir, 'state.json'), 'm365'),
    handoff: { notify: async () => undefined },
  };
}

/** Default overlap (24 h re-list): nothing in the settings about it. */
const collector = (server: FakeM365Server) => createM365Collector(
  { tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET, loginBaseUrl: server.loginBaseUrl, apiBaseUrl: server.apiBaseUrl, contentTypes: ['Audit.SharePoint', 'Audit.Exchange'] },
  { clock, sleep: async () => undefined, random: () => 0.5, since: new Date(T0 - 6 * H), maxRecordsPerBatch: 3 },
);

/**
 * Three runs (T0, T0+6h, T0+24h) over: a record repeated verbatim in blobs created hours apart, content listed 20 h
 * after its contentCreated (after later content was read), duplicates inside a blob, records without Id or
 * CreationTime, a blob that is not a list, and a blob whose contentUri names a foreign host.
 */
function scenario(server: FakeM365Server, thiefUrl: string): { stages: (() => void)[]; expected: string[] } {
  const expected: string[] = [];
  const rec = new Map<string, Record<string, unknown>>();
  const record = (id: string, at: number) => {
    if (!rec.has(id)) rec.set(id, auditRecord(id, new Date(at)));
    return rec.get(id)!;
  };
  let n = 0;
  const blob = (ct: string, createdMs: number, ids: string[], extra: { availableAt?: number; rawBody?: unknown; contentUriBase?: string; raw?: Record<string, unknown>[] } = {}) => {
    server.addBlob({
      contentType: ct, contentId: `20261122${++n}$blob${n}$audit`, contentCreated: new Date(createdMs),
      ...(extra.availableAt !== undefined ? { availableAt: new Date(extra.availableAt) } : {}),
      ...(extra.rawBody !== undefined ? { rawBody: extra.rawBody } : {}),
      ...(extra.contentUriBase !== undefined ? { contentUriBase: extra.contentUriBase } : {}),
      records: [...ids.map((id, i) => record(id, createdMs - 50 * 60_000 - i * 1000)), ...(extra.raw ?? [])],
    });
    expected.push(...ids);
  };
  return {
    expected,
    stages: [
      () => {
        server.subscriptions.set('Audit.SharePoint', 'enabled');
        server.subscriptions.set('Audit.Exchange', 'enabled');
        blob('Audit.SharePoint', T0 - 5 * H, ['a-1', 'a-2', 'a-3', 'a-4']);
        blob('Audit.SharePoint', T0 - 4 * H, ['a-5', 'a-5', 'a-6']);
        blob('Audit.Exchange', T0 - 3 * H, ['x-1', 'x-2'], { raw: [{ Operation: 'MailItemsAccessed', CreationTime: '2026-11-21T20:00:00' }, { Id: 'x-bad-time', CreationTime: 'later' }] });
        blob('Audit.SharePoint', T0 - 2 * H, [], { rawBody: { error: 'not a list' } });
        blob('Audit.SharePoint', T0 - 1 * H, ['a-7'], { contentUriBase: `${thiefUrl}/manage` });
        expected.push('no-id', 'x-bad-time', 'blob-off-contract');
      },
      () => {
        nowMs = T0 + 6 * H;
        // a-2 and a-3 again, verbatim, in content created five hours later; late content for 2 h before run 1.
        blob('Audit.SharePoint', T0 + 4 * H, ['a-2', 'b-1', 'a-3']);
        blob('Audit.SharePoint', T0 - 2 * H, ['late-1', 'late-2'], { availableAt: T0 + 5 * H });
        blob('Audit.Exchange', T0 + 5 * H, ['x-3', 'x-1']);
      },
      () => {
        nowMs = T0 + 24 * H;
        // Listed 20 h after it was created, long after newer content was read; repeats a record of run 2.
        blob('Audit.SharePoint', T0 + 3 * H, ['late-20h', 'b-1'], { availableAt: T0 + 23 * H });
        blob('Audit.Exchange', T0 + 22 * H, ['x-4', 'x-2']);
      },
    ],
  };
}

/** Batch lines as written (the envelope schema would drop the `offContract` flag). */
async function rawLines(root: string): Promise<{ id: string; offContract?: string }[]> {
  const out: { id: string; offContract?: string }[] = [];
  for (const f of (await readdir(root, { recursive: true })).filter((n) => n.endsWith('.ndjson.gz'))) {
    for (const line of gunzipSync(await readFile(join(root, f))).toString('utf8').split('\n')) if (line) out.push(JSON.parse(line) as { id: string });
  }
  return out;
}

async function writtenIds(): Promise<string[]> {
  const envs = [...(await readBatches(join(dir, 'out'))).values()].flat();
  return envs.map((e) => (e.id.startsWith('sha256:') ? 'no-id' : e.id.startsWith('blob:') ? 'blob-off-contract' : e.id));
}

describe('m365 collection is exact under repeats across blobs, late content and off-contract data', () => {
  it('three runs write every record Id once, re-listing the last 24 h, and never send the token to a foreign host', async () => {
    const server = new FakeM365Server({ tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET, now: () => new Date(nowMs), pageSize: 2 });
    await server.start();
    try {
      server.nextPageBase = `${thief.url}/manage`;
      const { stages, expected } = scenario(server, thief.url);
      const runs: RunSummary[] = [];
      for (const stage of stages) {
        stage();
        runs.push(await collector(server).runOnce({ ...ports(), clock }));
      }
      const counts = countIds(await writtenIds());
      expect([...counts.keys()].sort()).toEqual([...new Set(expected)].sort());
      for (const [id, n] of counts) expect(n, id).toBe(1);
      expect(runs.reduce((n, r) => n + r.offContract, 0)).toBe(3);
      expect(runs[2]!.lateArrivals).toBeGreaterThan(0);
      expect(runs.reduce((n, r) => n + r.duplicatesDropped, 0)).toBeGreaterThanOrEqual(5);
      // Neither the foreign contentUri nor the foreign NextPageUri got a request: the configured host served both.
      expect(thief.received).toEqual([]);
      expect(server.apiRequests().some((r) => r.path.includes('/audit/') && r.path.includes('blob5'))).toBe(true);
      // Blobs are fetched once each, though listed again by every run within 24 h.
      for (const [id, gets] of server.blobGets) expect(gets, id).toBe(1);
      const flagged = (await rawLines(join(dir, 'out'))).filter((e) => e.offContract !== undefined);
      expect(flagged.map((e) => e.offContract).sort()).toEqual([
        'm365 content blob is a JSON object, not a list of records',
        'm365 record has no Id',
        'm365 record has no usable CreationTime',
      ]);
    } finally {
      await server.stop();
    }
  });

  it('a crash before or after any write of three runs neither loses nor doubles an Id', async () => {
    const points = await crashAtEveryPoint(crashRun, async () => {
      await rm(dir, { recursive: true, force: true });
      nowMs = T0;
    });
    expect(points).toBeGreaterThan(30);
  }, 120_000);

  async function crashRun(plan: CrashPlan): Promise<number> {
    // Larger listing pages than above: fewer steps, so fewer points to crash at (each is a full three-run replay).
    const server = new FakeM365Server({ tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET, now: () => new Date(nowMs), pageSize: 10 });
    await server.start();
    try {
      const { stages, expected } = scenario(server, thief.url);
      await runStagesCrashing(plan, stages, (wrap) => collector(server).runOnce({ ...wrap(ports()), clock }), () => (nowMs += LEASE_EXPIRY_MS));
      expectEachIdOnce(await writtenIds(), expected, plan.at);
      return plan.points;
    } finally {
      await server.stop();
    }
  }
});
