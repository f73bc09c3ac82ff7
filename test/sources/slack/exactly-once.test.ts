import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FsBatchSink } from '../../../lib/adapters/batches/fs-batch-sink.ts';
import { DynamoDbCheckpointStore } from '../../../lib/adapters/checkpoints/dynamodb-checkpoint-store.ts';
import { FileCheckpointStore } from '../../../lib/adapters/checkpoints/file-checkpoint-store.ts';
import { DynamoDbDedupeBackend } from '../../../lib/adapters/dedupe/dynamodb-dedupe-backend.ts';
import { FileDedupeBackend } from '../../../lib/adapters/dedupe/file-dedupe-backend.ts';
import type { RunSummary } from '../../../lib/sources/run/collector.ts';
import { collectorFromEnv } from '../../../lib/sources/slack/index.ts';
import { countIds, crashAtEveryPoint, CrashPlan, expectEachIdOnce, LEASE_EXPIRY_MS, runStagesCrashing, type Ports } from '../../support/crash-harness.ts';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../support/dynamodb-local.ts';
import { slackEntry, startFakeSlackServer, type FakeSlackServer } from '../../support/fake-slack-server.ts';
import { fakeTime } from '../../support/fake-time.ts';
import { readAllIds } from '../../support/read-batches.ts';
import { itemSizes } from '../../support/table-items.ts';

const TOKEN = 'xoxp-1111-2222-3333-exactlyONCEtoken';
const T0 = Date.UTC(2026, 10, 22, 3, 0, 0);
const S0 = T0 / 1000;
const MIN = 60_000;

let dir: string;
let time: ReturnType<typeof fakeTime>;
beforeEach(async () => {
  // tmpfs where there is one: the crash test repeats hundreds of fsync'd writes.
  dir = await mkdtemp(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'hw-slack-once-'));
  time = fakeTime(T0);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

function filePorts(): Ports {
  return {
    sink: new FsBatchSink(join(dir, 'out')),
    checkpoints: new FileCheckpointStore(join(dir, 'state.json')),
    dedupe: FileDedupeBackend.besideStateFile(join(dir, 'state.json'), 'slack'),
    handoff: { notify: async () => undefined },
  };
}

function collector(server: FakeSlackServer, extra: Record<string, string> = {}) {
  // Default overlap (60 min); small pages so that bursts straddle page boundaries.
  return collectorFromEnv({ SLACK_TOKEN: TOKEN, SLACK_API_BASE_URL: server.url, SLACK_PAGE_LIMIT: '5', ...extra }, {
    since: new Date(T0 - 3 * 3600_000), clock: time.clock, sleep: time.sleep, random: () => 0.5,
  });
}

/**
 * Three runs 5, 55 and 60 minutes apart over faulty data: a same-second burst of 12 across pages of 5 whose
 * boundaries the server serves twice, entries that appear 50 and 58 minutes after newer ones were served, entries
 * repeating an id, and two off-contract entries (a string date, no id) re-served on every run.
 */
function scenario(server: FakeSlackServer): { stages: (() => void)[]; expected: string[] } {
  const expected: string[] = [];
  const add = (prefix: string, n: number, date: (i: number) => number) => {
    for (const id of ids(prefix, n)) server.add(slackEntry(id, date(Number(id.split('-').at(-1)))));
    expected.push(...ids(prefix, n));
  };
  return {
    expected,
    stages: [
      () => {
        add('burst', 12, () => S0 - 30);
        add('old', 5, (i) => S0 - 2000 + i);
        server.addLate(slackEntry('late-50m', S0 - 120), T0 + 50 * MIN);
        server.addLate(slackEntry('late-58m', S0 + 240), T0 + 58 * MIN);
        expected.push('late-50m', 'late-58m');
        server.addRaw({ id: 'bad-date', date_create: 'yesterday', action: 'file_downloaded' }, S0 - 10);
        server.addRaw({ date_create: S0 - 5, action: 'file_downloaded' }, S0 - 5);
        expected.push('bad-date', 'no-id');
      },
      () => {
        time.advance(5 * MIN);
        add('r2', 7, (i) => S0 + 200 + i);
        server.add(slackEntry('r2-0', S0 + 201)); // an id repeated
      },
      () => {
        time.advance(50 * MIN);
        add('r3', 4, (i) => S0 + 3000 + i);
      },
      () => {
        time.advance(10 * MIN);
        add('r4', 3, (i) => S0 + 3500 + i);
      },
    ],
  };
}

async function written(): Promise<string[]> {
  return (await readAllIds(join(dir, 'out'))).map((id) => (id.startsWith('sha256:') ? 'no-id' : id));
}

describe('slack collection is exact under late data, page faults and bursts', () => {
  it('catches entries up to an hour late, drops page-boundary repeats, writes off-contract entries once, flagged', async () => {
    const server = await startFakeSlackServer({ token: TOKEN, now: time.clock.now, pageOverlap: 2 });
    try {
      const { stages, expected } = scenario(server);
      const runs: RunSummary[] = [];
      for (const stage of stages) {
        stage();
        runs.push(await collector(server).runOnce({ ...filePorts(), clock: time.clock }));
      }
      const counts = countIds(await written());
      expect([...counts.keys()].sort()).toEqual([...new Set(expected)].sort());
      for (const [id, n] of counts) expect(n, id).toBe(1);
      // The late entries were caught by the 60-minute re-read, and counted as late.
      expect(runs.reduce((n, r) => n + r.lateArrivals, 0)).toBe(2);
      expect(runs.reduce((n, r) => n + r.offContract, 0)).toBe(2);
      expect(runs.every((r) => r.status === 'completed')).toBe(true);
      expect(runs.slice(1).every((r) => r.duplicatesDropped > 0)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('a crash before or after any write of four runs neither loses nor doubles an id', async () => {
    const points = await crashAtEveryPoint(crashRun, async () => {
      await rm(dir, { recursive: true, force: true });
      time = fakeTime(T0);
    });
    expect(points).toBeGreaterThan(40);
  }, 120_000);

  async function crashRun(plan: CrashPlan): Promise<number> {
    const server = await startFakeSlackServer({ token: TOKEN, now: time.clock.now, pageOverlap: 1 });
    try {
      const { stages, expected } = scenario(server);
      await runStagesCrashing(plan, stages, (wrap) => collector(server, { SLACK_PAGE_LIMIT: '8' }).runOnce({ ...wrap(filePorts()), clock: time.clock }),
        () => time.advance(LEASE_EXPIRY_MS));
      expectEachIdOnce(await written(), expected, plan.at);
      return plan.points;
    } finally {
      await server.close();
    }
  }
});

describe('a 10,000-entry burst against DynamoDB Local', () => {
  let ddb: DynamoDbLocal;
  beforeAll(async () => {
    ddb = await startDynamoDbLocal();
  });
  afterAll(async () => {
    await ddb?.stop();
  });

  it('is written exactly once over three runs, with every checkpoint and dedupe item under 350 KB', async () => {
    const server = await startFakeSlackServer({ token: TOKEN, now: time.clock.now });
    const table = await ddb.createStateTable();
    const ports = (): Ports => ({
      sink: new FsBatchSink(join(dir, 'out')),
      checkpoints: new DynamoDbCheckpointStore({ table, doc: ddb.doc }),
      dedupe: new DynamoDbDedupeBackend({ table, doc: ddb.doc, source: 'slack' }),
      handoff: { notify: async () => undefined },
    });
    try {
      // One person downloads 10,000 files in ten minutes.
      const burst = ids('dl', 10_000);
      burst.forEach((id, i) => server.add(slackEntry(id, S0 - 600 + Math.floor(i / 17))));
      const c = () => collectorFromEnv({ SLACK_TOKEN: TOKEN, SLACK_API_BASE_URL: server.url }, { since: new Date(T0 - 3600_000), clock: time.clock, sleep: time.sleep });
      const r1 = await c().runOnce({ ...ports(), clock: time.clock });
      time.advance(5 * MIN);
      const r2 = await c().runOnce({ ...ports(), clock: time.clock }); // re-reads the whole burst (within 60 min)
      time.advance(5 * MIN);
      const more = ids('after', 10_000);
      more.forEach((id, i) => server.add(slackEntry(id, S0 + 300 + Math.floor(i / 17))));
      const r3 = await c().runOnce({ ...ports(), clock: time.clock });

      expect([r1.envelopes, r2.envelopes, r3.envelopes]).toEqual([10_000, 0, 10_000]);
      expect(r2.duplicatesDropped).toBe(10_000);
      expect(r3.duplicatesDropped).toBe(10_000);
      const counts = countIds(await readAllIds(join(dir, 'out')));
      expect(counts.size).toBe(20_000);
      for (const [id, n] of counts) expect(n, id).toBe(1);

      const sizes = await itemSizes(ddb.doc, table);
      const checkpoint = sizes.find((s) => s.pk === 'checkpoint#slack');
      expect(checkpoint!.bytes).toBeLessThan(2_000);
      expect(sizes[0]!.bytes).toBeLessThan(350_000);
      expect(sizes.every((s) => s.pk.startsWith('checkpoint#slack') || s.pk.startsWith('lease#slack'))).toBe(true);
    } finally {
      await server.close();
    }
  }, 120_000);
});
