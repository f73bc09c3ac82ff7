import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsBatchSink } from '../../../lib/adapters/batches/fs-batch-sink.ts';
import { FileCheckpointStore } from '../../../lib/adapters/checkpoints/file-checkpoint-store.ts';
import { FileDedupeBackend } from '../../../lib/adapters/dedupe/file-dedupe-backend.ts';
import { collectorFromEnv } from '../../../lib/sources/google-workspace/index.ts';
import type { RunSummary } from '../../../lib/sources/run/collector.ts';
import { countIds, crashAtEveryPoint, CrashPlan, expectEachIdOnce, LEASE_EXPIRY_MS, runStagesCrashing, type Ports } from '../../support/crash-harness.ts';
import { driveActivity, loginActivity, startFakeGoogleWorkspaceServer, type FakeGoogleWorkspaceServer, type GwTestActivity } from '../../support/fake-google-workspace-server.ts';
import { fakeTime } from '../../support/fake-time.ts';
import { readAllIds } from '../../support/read-batches.ts';
import { serviceAccountKey } from '../../support/service-account-key.ts';

const KEY = serviceAccountKey();
const CLIENT = 'collector@hoardwatch-test.iam.gserviceaccount.com';
const SUBJECT = 'reports-admin@example.com';
const T0 = Date.UTC(2026, 10, 22, 3, 0, 0);
const MIN = 60_000;

let dir: string;
let time: ReturnType<typeof fakeTime>;
beforeEach(async () => {
  dir = await mkdtemp(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'hw-gw-once-'));
  time = fakeTime(T0);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function filePorts(): Ports {
  return {
    sink: new FsBatchSink(join(dir, 'out')),
    checkpoints: new FileCheckpointStore(join(dir, 'state.json')),
    dedupe: FileDedupeBackend.besideStateFile(join(dir, 'state.json'), 'google-workspace'),
    handoff: { notify: async () => undefined },
  };
}

const server = (pageOverlap: number) => startFakeGoogleWorkspaceServer({
  clientEmail: CLIENT, subject: SUBJECT, publicKeyPem: KEY.publicKeyPem, now: time.clock.now, pageOverlap, tokenLifetimeS: 3600,
});

function collector(s: FakeGoogleWorkspaceServer, pageSize = '5') {
  return collectorFromEnv({
    GOOGLE_WORKSPACE_CLIENT_EMAIL: CLIENT,
    GOOGLE_WORKSPACE_PRIVATE_KEY: KEY.privateKeyPem.replace(/\n/g, '\\n'),
    GOOGLE_WORKSPACE_SUBJECT: SUBJECT,
    GOOGLE_WORKSPACE_API_BASE_URL: s.url,
    GOOGLE_WORKSPACE_TOKEN_URL: s.tokenUrl,
    GOOGLE_WORKSPACE_APPLICATIONS: 'drive,login',
    GOOGLE_WORKSPACE_PAGE_SIZE: pageSize,
  }, { since: new Date(T0 - 3 * 3600_000), clock: time.clock, sleep: time.sleep, random: () => 0.5 });
}

const idOf = (a: GwTestActivity, i = 0) => `${a.id.applicationName}:${a.id.time}:${a.id.uniqueQualifier}:${a.events[i]!.name}`;

/**
 * Four runs (0, 5, 55 min and 3 h 55 min) over faulty data: a same-second burst of 12 Drive downloads across pages of
 * 5 whose boundaries the server serves twice, an activity repeated verbatim, one activity with two events (download
 * and print), activities that appear 50 min and 3 h after newer ones were served, two off-contract items, and the
 * API's faults: 429 with Retry-After, 503s, and every token expiring between runs (401, then a new assertion).
 */
function scenario(s: FakeGoogleWorkspaceServer): { stages: (() => void)[]; expected: string[] } {
  const expected: string[] = [];
  const add = (...as: GwTestActivity[]) => {
    s.add(...as);
    for (const a of as) a.events.forEach((_, i) => expected.push(idOf(a, i)));
  };
  return {
    expected,
    stages: [
      () => {
        add(...Array.from({ length: 12 }, () => driveActivity(T0 - 30_000)));
        add(...Array.from({ length: 5 }, (_, i) => driveActivity(T0 - 2 * 3600_000 + i * MIN)));
        add(loginActivity(T0 - 40 * MIN), loginActivity(T0 - 20 * MIN));
        const both = driveActivity(T0 - 10 * MIN, { extra: [{ type: 'access', name: 'print', parameters: [{ name: 'doc_id', value: 'doc-print' }] }] });
        add(both);
        const late50 = driveActivity(T0 - 2 * MIN);
        s.addLate(late50, T0 + 50 * MIN);
        const late3h = driveActivity(T0 - 30 * MIN);
        s.addLate(late3h, T0 + 3 * 3600_000);
        expected.push(idOf(late50), idOf(late3h));
        s.addRaw('drive', { kind: 'admin#reports#activity', actor: { email: 'x@example.com' }, events: [{ name: 'download' }] }, T0 - 5 * MIN);
        s.addRaw('drive', { ...driveActivity(T0 - 6 * MIN), events: [{ type: 'access' }] }, T0 - 6 * MIN);
        expected.push('off:no-id', 'off:no-name');
        s.failNext({ status: 429, headers: { 'retry-after': '7' } });
      },
      () => {
        time.advance(5 * MIN);
        const r2 = Array.from({ length: 7 }, (_, i) => driveActivity(T0 + 200_000 + i * 1000));
        add(...r2);
        s.add(r2[0]!); // the same activity listed twice
        s.failNext({ status: 503 }, { status: 503 });
      },
      () => {
        time.advance(50 * MIN);
        add(...Array.from({ length: 4 }, (_, i) => driveActivity(T0 + 50 * MIN + i * 1000)), loginActivity(T0 + 52 * MIN));
        s.expireTokensAfter(1);
      },
      () => {
        time.advance(3 * 3600_000);
        add(...Array.from({ length: 3 }, (_, i) => driveActivity(T0 + 3 * 3600_000 + i * 1000)));
        s.expireTokensAfter(2);
      },
    ],
  };
}

async function written(): Promise<string[]> {
  return (await readAllIds(join(dir, 'out'))).map((id) => {
    if (!id.startsWith('sha256:')) return id;
    return 'off';
  });
}

/** Off-contract items have content ids: count them by kind. */
function normalise(ids: string[], expected: string[]): { got: string[]; want: string[] } {
  const off = ids.filter((i) => i === 'off').length;
  const want = expected.filter((e) => !e.startsWith('off:'));
  const got = ids.filter((i) => i !== 'off');
  expect(off, 'off-contract items written once each').toBe(expected.length - want.length);
  return { got, want };
}

describe('google-workspace collection is exact under late data, page repeats, faults and bursts', () => {
  it('writes every (activity, event) once over four runs and catches activities up to the lag late', async () => {
    const s = await server(2);
    try {
      const { stages, expected } = scenario(s);
      const runs: RunSummary[] = [];
      for (const stage of stages) {
        stage();
        runs.push(await collector(s).runOnce({ ...filePorts(), clock: time.clock }));
      }
      const { got, want } = normalise(await written(), expected);
      const counts = countIds(got);
      expect([...counts.keys()].sort()).toEqual([...new Set(want)].sort());
      for (const [id, n] of counts) expect(n, id).toBe(1);
      expect(runs.every((r) => r.status === 'completed')).toBe(true);
      expect(runs.reduce((n, r) => n + r.lateArrivals, 0)).toBeGreaterThanOrEqual(2);
      expect(runs.reduce((n, r) => n + r.offContract, 0)).toBe(2);
      expect(runs.slice(1).every((r) => r.duplicatesDropped > 0)).toBe(true);
      // The faults happened and were retried: a wait of the Retry-After, two 503s, and a new token after each expiry.
      expect(time.sleeps).toContain(7000);
      expect(s.requests.filter((r) => r.status === 503)).toHaveLength(2);
      expect(s.requests.filter((r) => r.status === 401)).toHaveLength(2);
      // One token per run, and one more after each expiry in mid-run.
      expect(s.tokensIssued).toBe(6);
    } finally {
      await s.close();
    }
  });

  it('without the lag re-read, the activity that shows up 50 minutes late is lost (the re-read is what catches it)', async () => {
    const s = await server(0);
    try {
      const { stages, expected } = scenario(s);
      for (const stage of stages.slice(0, 3)) {
        stage();
        await collectorFromEnv({
          GOOGLE_WORKSPACE_CLIENT_EMAIL: CLIENT, GOOGLE_WORKSPACE_PRIVATE_KEY: KEY.privateKeyPem, GOOGLE_WORKSPACE_SUBJECT: SUBJECT,
          GOOGLE_WORKSPACE_API_BASE_URL: s.url, GOOGLE_WORKSPACE_TOKEN_URL: s.tokenUrl, GOOGLE_WORKSPACE_APPLICATIONS: 'drive,login',
          GOOGLE_WORKSPACE_LAG_MINUTES: '0',
        }, { since: new Date(T0 - 3 * 3600_000), clock: time.clock, sleep: time.sleep }).runOnce({ ...filePorts(), clock: time.clock });
      }
      const got = new Set(await written());
      const notYetListed = new Date(T0 - 30 * MIN).toISOString();
      const lost = expected.filter((e) => !e.startsWith('off:') && !e.includes(notYetListed) && !got.has(e));
      expect(lost).toEqual([expect.stringContaining(new Date(T0 - 2 * MIN).toISOString())]);
    } finally {
      await s.close();
    }
  });

  it('a crash before or after any write of four runs neither loses nor doubles an id', async () => {
    const points = await crashAtEveryPoint(crashRun, async () => {
      await rm(dir, { recursive: true, force: true });
      time = fakeTime(T0);
    });
    expect(points).toBeGreaterThan(40);
  }, 180_000);

  async function crashRun(plan: CrashPlan): Promise<number> {
    const s = await server(1);
    try {
      const { stages, expected } = scenario(s);
      await runStagesCrashing(plan, stages, (wrap) => collector(s, '8').runOnce({ ...wrap(filePorts()), clock: time.clock }), () => time.advance(LEASE_EXPIRY_MS));
      const { got, want } = normalise(await written(), expected);
      expectEachIdOnce(got, want, plan.at);
      return plan.points;
    } finally {
      await s.close();
    }
  }
});
