import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsBatchSink } from '../../../lib/adapters/batches/fs-batch-sink.ts';
import { FileCheckpointStore } from '../../../lib/adapters/checkpoints/file-checkpoint-store.ts';
import { FileDedupeBackend } from '../../../lib/adapters/dedupe/file-dedupe-backend.ts';
import type { RunSummary } from '../../../lib/sources/run/collector.ts';
import { createSalesforceCollector, type SalesforceSettingsInput } from '../../../lib/sources/salesforce/index.ts';
import { countIds, crashAtEveryPoint, CrashPlan, expectEachIdOnce, LEASE_EXPIRY_MS, runStagesCrashing, type Ports } from '../../support/crash-harness.ts';
import { elfRow, FakeSalesforceServer, toCsv } from '../../support/fake-salesforce-server.ts';

const CLIENT = '3MVG9fakeConsumerKey.abcdef';
const SECRET = 'Cl1ent-Secret_that.must.never.leak';
const H = 3_600_000;
const M = 60_000;
const T0 = Date.parse('2026-11-22T00:00:00Z');

let nowMs = T0;
const clock = { now: () => nowMs };
let dir: string;
beforeEach(async () => {
  nowMs = T0;
  dir = await mkdtemp(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'hw-sf-once-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function ports(): Ports {
  return {
    sink: new FsBatchSink(join(dir, 'out')),
    checkpoints: new FileCheckpointStore(join(dir, 'state.json')),
    dedupe: FileDedupeBackend.besideStateFile(join(dir, 'state.json'), 'salesforce'),
    handoff: { notify: async () => undefined },
  };
}

const collector = (server: FakeSalesforceServer, over: Partial<SalesforceSettingsInput> = {}) => createSalesforceCollector(
  {
    loginUrl: server.baseUrl,
    auth: { kind: 'client_credentials', clientId: CLIENT, clientSecret: SECRET },
    elf: { eventTypes: ['Report', 'API'], lookbackHours: 72, rowsPerBatch: 3 },
    rtem: { objects: ['ApiEvent', 'ReportEvent'], windowMinutes: 60, overlapMinutes: 15 },
    ...over,
  },
  { clock, sleep: async () => undefined, random: () => 0.5, since: new Date(T0 - 12 * H) },
);

async function rawLines(): Promise<{ id: string; offContract?: string }[]> {
  const root = join(dir, 'out');
  const out: { id: string; offContract?: string }[] = [];
  const files = await readdir(root, { recursive: true }).catch(() => [] as string[]);
  for (const f of files.filter((n) => n.endsWith('.ndjson.gz'))) {
    for (const line of gunzipSync(await readFile(join(root, f))).toString('utf8').split('\n')) if (line) out.push(JSON.parse(line) as { id: string });
  }
  return out;
}
const writtenIds = async () => (await rawLines()).map((l) => (l.id.startsWith('sha256:') ? 'rtem-no-id' : l.id));

/** ELF files (one late, one with a malformed row, one whose listing row is off-contract) and RTEM events with late ones. */
function scenario(server: FakeSalesforceServer): { stages: (() => void)[]; expected: string[] } {
  const expected: string[] = [];
  const file = (id: string, type: string, createdMs: number, n: number, extra: { visibleAt?: number; rawCsv?: string; rowOverrides?: Record<string, unknown> } = {}) => {
    const rows = Array.from({ length: n }, (_, i) => elfRow(type, new Date(createdMs - 4 * H + i * 1000)));
    server.addLogFile({ id, eventType: type, interval: 'Hourly', logDate: new Date(createdMs - 4 * H), createdDate: new Date(createdMs), rows,
      ...(extra.visibleAt !== undefined ? { visibleAt: new Date(extra.visibleAt) } : {}),
      ...(extra.rawCsv !== undefined ? { rawCsv: extra.rawCsv } : {}),
      ...(extra.rowOverrides !== undefined ? { rowOverrides: extra.rowOverrides } : {}) });
    if (!extra.rowOverrides) expected.push(...rows.map((_, i) => `${id}:${i}`));
  };
  const event = (object: string, id: string, atMs: number, visibleAt?: number, fields: Record<string, unknown> = {}) => {
    server.addEvent({ object, eventIdentifier: id, eventDate: new Date(atMs), ...(visibleAt !== undefined ? { visibleAt: new Date(visibleAt) } : {}), fields: { UserId: '0055e000008hWkzAAE', ...fields } });
    expected.push(id);
  };
  return {
    expected,
    stages: [
      () => {
        file('0AT000000000001AAA', 'Report', T0 - 6 * H, 4);
        const good = toCsv([elfRow('API', new Date(T0 - 9 * H))]);
        file('0AT000000000002AAA', 'API', T0 - 5 * H, 2, { rawCsv: `${good}"API","x","surplus","field","again","and","more","fields","here"\n` });
        file('0AT00000000000BADA', 'Report', T0 - 4 * H, 1, { rowOverrides: { LogFile: null } });
        expected.push('elf-file:0AT00000000000BADA');
        for (let i = 0; i < 5; i++) event('ApiEvent', `api-${i}`, T0 - 30 * M + i * 1000);
        event('ApiEvent', 'api-no-date', T0 - 20 * M, undefined, { EventDate: null });
        event('ReportEvent', 'rep-1', T0 - 50 * M);
        event('ApiEvent', 'api-edge', T0 - M);
      },
      () => {
        // Relative to the clock: a crash before this stage has moved it on by the lease's expiry.
        nowMs = Math.max(nowMs, T0) + 10 * M;
        event('ApiEvent', 'api-late', nowMs - 14 * M, nowMs - 2 * M); // committed late, inside the 15-min overlap
        event('ApiEvent', 'api-new', nowMs - 5 * M);
        file('0AT000000000003AAA', 'API', T0 - 7 * H, 2, { visibleAt: T0 + 9 * M }); // an old file listed late
      },
      () => {
        nowMs += 60 * M;
        event('ReportEvent', 'rep-2', nowMs - 5 * M);
        file('0AT000000000004AAA', 'Report', T0 + 60 * M, 5);
      },
    ],
  };
}

describe('salesforce collection is exact for ELF and RTEM, whatever the rate', () => {
  it('RTEM at 400 events a minute: the overlap re-read drops all 6,000 already written, with no count cap', async () => {
    const server = new FakeSalesforceServer({ clientId: CLIENT, clientSecret: SECRET, now: () => new Date(nowMs) });
    await server.start();
    try {
      const ids: string[] = [];
      for (let i = 0; i < 6000; i++) {
        const id = `0Xt${String(i).padStart(12, '0')}`;
        server.addEvent({ object: 'ApiEvent', eventIdentifier: id, eventDate: new Date(T0 - 15 * M + 1000 + Math.floor(i / 400) * M + (i % 400) * 100), fields: { UserId: '0055e000008hWkzAAE' } });
        ids.push(id);
      }
      const only = { elf: { enabled: false }, rtem: { objects: ['ApiEvent'], windowMinutes: 60, overlapMinutes: 15 } };
      const r1 = await collector(server, only).runOnce({ ...ports(), clock });
      nowMs = T0 + 5 * M;
      const r2 = await collector(server, only).runOnce({ ...ports(), clock });
      expect(r1.envelopes).toBe(6000);
      expect(r2.envelopes).toBe(0); // was 2,000 re-emitted with a cap of 4,000 remembered ids
      expect(r2.duplicatesDropped).toBe(6000);
      const counts = countIds(await writtenIds());
      expect(counts.size).toBe(6000);
      for (const [id, n] of counts) expect(n, id).toBe(1);
      const state = await readFile(join(dir, 'state.json'), 'utf8');
      expect(state.length).toBeLessThan(3000);
    } finally {
      await server.stop();
    }
  });

  it('three runs with late files and events, a malformed CSV row and off-contract records write every id once', async () => {
    const server = new FakeSalesforceServer({ clientId: CLIENT, clientSecret: SECRET, now: () => new Date(nowMs), pageSize: 2 });
    await server.start();
    try {
      const { stages, expected } = scenario(server);
      const runs: RunSummary[] = [];
      for (const stage of stages) {
        stage();
        runs.push(await collector(server).runOnce({ ...ports(), clock }));
      }
      const counts = countIds(await writtenIds());
      expect([...counts.keys()].sort()).toEqual([...new Set(expected)].sort());
      for (const [id, n] of counts) expect(n, id).toBe(1);
      const flagged = (await rawLines()).filter((l) => l.offContract !== undefined).map((l) => `${l.id}: ${l.offContract}`);
      expect(flagged.sort()).toEqual([
        '0AT000000000002AAA:1: ELF CSV row has 9 fields, the header 8',
        'api-no-date: ApiEvent record EventDate: Invalid input: expected string, received null',
        'elf-file:0AT00000000000BADA: EventLogFile row LogFile: Invalid input: expected string, received null',
      ]);
      expect(runs.map((r) => r.status)).toEqual(['completed', 'completed', 'completed']);
      expect(runs[1]!.lateArrivals).toBeGreaterThan(0);
      for (const [id, n] of server.logFileGets) expect(n, id).toBe(1);
    } finally {
      await server.stop();
    }
  });

  it('a crash before or after any write of three runs neither loses nor doubles an id', async () => {
    const points = await crashAtEveryPoint(crashRun, async () => {
      await rm(dir, { recursive: true, force: true });
      nowMs = T0;
    });
    expect(points).toBeGreaterThan(30);
  }, 120_000);

  async function crashRun(plan: CrashPlan): Promise<number> {
    // Larger pages than above: fewer steps, so fewer points to crash at (each is a full three-run replay).
    const server = new FakeSalesforceServer({ clientId: CLIENT, clientSecret: SECRET, now: () => new Date(nowMs), pageSize: 5 });
    await server.start();
    try {
      const { stages, expected } = scenario(server);
      await runStagesCrashing(plan, stages, (wrap) => collector(server).runOnce({ ...wrap(ports()), clock }), () => (nowMs += LEASE_EXPIRY_MS));
      expectEachIdOnce(await writtenIds(), expected, plan.at);
      return plan.points;
    } finally {
      await server.stop();
    }
  }
});
