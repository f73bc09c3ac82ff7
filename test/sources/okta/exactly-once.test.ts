import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsBatchSink } from '../../../lib/adapters/batches/fs-batch-sink.ts';
import { FileCheckpointStore } from '../../../lib/adapters/checkpoints/file-checkpoint-store.ts';
import { FileDedupeBackend } from '../../../lib/adapters/dedupe/file-dedupe-backend.ts';
import type { RunSummary } from '../../../lib/sources/run/collector.ts';
import { collectorFromEnv } from '../../../lib/sources/okta/index.ts';
import { countIds, crashAtEveryPoint, CrashPlan, expectEachIdOnce, LEASE_EXPIRY_MS, runStagesCrashing, type Ports } from '../../support/crash-harness.ts';
import { oktaEvent, startFakeOktaServer, type FakeOktaServer } from '../../support/fake-okta-server.ts';
import { fakeTime } from '../../support/fake-time.ts';
import { readAllIds } from '../../support/read-batches.ts';

const TOKEN = '00aOktaExactlyOnceSSWStoken0000000000000000';
const T0 = Date.UTC(2026, 10, 22, 3, 0, 0);
const MIN = 60_000;

let dir: string;
let time: ReturnType<typeof fakeTime>;
beforeEach(async () => {
  dir = await mkdtemp(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'hw-okta-once-'));
  time = fakeTime(T0);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

function filePorts(): Ports {
  return {
    sink: new FsBatchSink(join(dir, 'out')),
    checkpoints: new FileCheckpointStore(join(dir, 'state.json')),
    dedupe: FileDedupeBackend.besideStateFile(join(dir, 'state.json'), 'okta'),
    handoff: { notify: async () => undefined },
  };
}

function collector(server: FakeOktaServer, extra: Record<string, string> = {}) {
  // Default overlap (15 min); small pages so that bursts straddle page boundaries.
  return collectorFromEnv({ OKTA_ORG_URL: server.url, OKTA_API_TOKEN: TOKEN, OKTA_PAGE_LIMIT: '5', ...extra }, {
    since: new Date(T0 - 3 * 3600_000), clock: time.clock, sleep: time.sleep, random: () => 0.5,
  });
}

/**
 * Four runs 5 and 10 minutes apart over faulty data: a same-millisecond burst of 12 across pages of 5 whose
 * boundaries the server serves twice, events published into windows already read (visible 5 and 12 minutes late), a uuid repeated, two off-contract events re-served on every run, a 429 with X-Rate-Limit-Reset and 5xx
 * answers between pages.
 */
function scenario(server: FakeOktaServer): { stages: (() => void)[]; expected: string[] } {
  const expected: string[] = [];
  const add = (prefix: string, n: number, at: (i: number) => number) => {
    for (const id of ids(prefix, n)) server.add(oktaEvent(id, at(Number(id.split('-').at(-1)))));
    expected.push(...ids(prefix, n));
  };
  return {
    expected,
    stages: [
      () => {
        add('burst', 12, () => T0 - 30_000);
        add('old', 5, (i) => T0 - 2 * 3600_000 + i * 1000);
        server.addLate(oktaEvent('late-4m', T0 - 60_000), T0 + 4 * MIN);
        server.addLate(oktaEvent('late-12m', T0 + MIN), T0 + 13 * MIN);
        expected.push('late-4m', 'late-12m');
        server.addRaw({ uuid: 'bad-time', published: 'yesterday', eventType: 'user.session.start' }, T0 - 10_000);
        server.addRaw({ published: new Date(T0 - 5_000).toISOString(), eventType: 'user.session.start' }, T0 - 5_000);
        expected.push('bad-time', 'no-id');
        server.failNext({ status: 503, body: { errorCode: 'E0000009', errorSummary: 'Internal Server Error' } });
      },
      () => {
        time.advance(5 * MIN);
        const t = time.clock.now() - 3 * MIN;
        add('r2', 7, (i) => t + i);
        server.add(oktaEvent('r2-0', t)); // a uuid repeated
        server.failNext({ status: 429, body: { errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit' }, headers: { 'x-rate-limit-reset': String(Math.ceil((time.clock.now() + MIN) / 1000)) } });
      },
      () => {
        time.advance(10 * MIN);
        add('r3', 4, (i) => time.clock.now() - 2 * MIN + i);
      },
      () => {
        time.advance(10 * MIN);
        add('r4', 3, (i) => time.clock.now() - MIN + i);
      },
    ],
  };
}

async function written(): Promise<string[]> {
  return (await readAllIds(join(dir, 'out'))).map((id) => (id.startsWith('sha256:') ? 'no-id' : id));
}

describe('okta collection is exact under late data, page faults, throttling and bursts', () => {
  it('catches events published into read windows, drops page-boundary repeats, writes off-contract events once', async () => {
    const server = await startFakeOktaServer({ token: TOKEN, now: time.clock.now, pageOverlap: 2 });
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
      expect(runs.reduce((n, r) => n + r.lateArrivals, 0)).toBe(2);
      expect(runs.reduce((n, r) => n + r.offContract, 0)).toBe(2);
      expect(runs.every((r) => r.status === 'completed')).toBe(true);
      expect(runs.slice(1).every((r) => r.duplicatesDropped > 0)).toBe(true);
      // The 503 and the 429 were retried; the 429 waited for X-Rate-Limit-Reset, not a guess.
      expect(runs[0]!.retries).toBeGreaterThan(0);
      expect(time.sleeps.some((ms) => ms >= MIN && ms <= MIN + 2000)).toBe(true);
      expect(server.requests.every((r) => r.authorization === `SSWS ${TOKEN}`)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('a crash before or after any write of four runs neither loses nor doubles a uuid', async () => {
    const points = await crashAtEveryPoint(crashRun, async () => {
      await rm(dir, { recursive: true, force: true });
      time = fakeTime(T0);
    });
    expect(points).toBeGreaterThan(30);
  }, 120_000);

  async function crashRun(plan: CrashPlan): Promise<number> {
    const server = await startFakeOktaServer({ token: TOKEN, now: time.clock.now, pageOverlap: 1 });
    try {
      const { stages, expected } = scenario(server);
      await runStagesCrashing(plan, stages, (wrap) => collector(server, { OKTA_PAGE_LIMIT: '8' }).runOnce({ ...wrap(filePorts()), clock: time.clock }),
        () => time.advance(LEASE_EXPIRY_MS));
      expectEachIdOnce(await written(), expected, plan.at);
      return plan.points;
    } finally {
      await server.close();
    }
  }
});
