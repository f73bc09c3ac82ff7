import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SHAPE } from '../../../bench/corpus/corpus-records.ts';
import { writeCorpus } from '../../../bench/corpus/write-corpus.ts';
import { FsBatchSource } from '../../../lib/adapters/batches/fs-batch-source.ts';
import { FileState } from '../../../lib/adapters/state/file-state.ts';
import type { Alert } from '../../../lib/core/alert.ts';
import { DEMO_CONFIG } from '../../../lib/cli/commands/demo.ts';
import { loadConfig } from '../../../lib/cli/load-config.ts';
import type { Config } from '../../../lib/core/config.ts';
import { runBatch, type BatchResult } from '../../../lib/core/engine.ts';
import type { NormalizedEvent } from '../../../lib/core/event.ts';
import { emptySnapshot } from '../../../lib/core/state.ts';
import { discoverInputs } from '../../../lib/replay/discover-inputs.ts';
import { ParallelRun } from '../../../lib/replay/parallel/parallel-run.ts';
import { mainShare, partitionOf } from '../../../lib/replay/parallel/partition.ts';
import { DetectWorkerError, WorkerPool } from '../../../lib/replay/parallel/worker-pool.ts';
import type { UsernameBook } from '../../../lib/pipeline/username-book.ts';
import type { ReplayInput } from '../../../lib/replay/replay-input.ts';
import { runReplay, type ReplayOutcome } from '../../../lib/replay/run-replay.ts';
import { DEFAULT_END, simulate } from '../../../lib/simulate/index.ts';

const clock = { now: () => DEFAULT_END.getTime() };
let dir: string;
let config: Config;
let inputs: ReplayInput[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hw-parallel-'));
  config = await loadConfig(DEMO_CONFIG);
  const sim = await simulate({ days: 14, seed: 5, outDir: join(dir, 'sim') });
  inputs = await discoverInputs(sim.files);
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The simulation as two batches on one state (CRM files, then the rest): the second judges against the first's profiles. */
async function replay(workers: number): Promise<{ outcomes: ReplayOutcome[]; state: FileState }> {
  const state = FileState.inMemory();
  const pool = workers > 1 ? new WorkerPool(workers, config) : undefined;
  try {
    const deps = { state, config, clock, ...(pool ? { newRun: () => new ParallelRun(pool, config, clock) } : {}) };
    const crm = inputs.filter((i) => i.name.includes('salesforce'));
    const rest = inputs.filter((i) => !i.name.includes('salesforce'));
    return { outcomes: [await runReplay(crm, deps), await runReplay(rest, deps)], state };
  } finally {
    await pool?.close();
  }
}

describe('replay --workers', () => {
  it('raises exactly the alerts of one worker, with peers, tenant-wide first sightings and two batches', async () => {
    const one = await replay(1);
    const alerts = one.outcomes.flatMap((o) => o.alerts);
    expect(alerts.length).toBeGreaterThan(10);
    for (const n of [2, 3]) {
      const many = await replay(n);
      expect(many.outcomes.flatMap((o) => o.alerts), `${n} workers`).toEqual(alerts);
      expect(many.outcomes.map((o) => o.counts)).toEqual(one.outcomes.map((o) => o.counts));
      // The state left behind is the same too: the next batch is judged alike.
      const keys = { principals: [...(await one.state.load({ principals: [], identities: [] })).profiles.keys()], identities: [] };
      expect((await many.state.load(keys)).tenant).toEqual((await one.state.load(keys)).tenant);
    }
  }, 300_000);

  it('reads the next batch file while the workers judge one, with the alerts and state of one batch after the other', async () => {
    const corpus = join(dir, 'corpus');
    const manifest = await writeCorpus(corpus, { ...DEFAULT_SHAPE, seed: 'parallel-test', events: 24_000, people: 300, eventsPerDay: 6_000 }, 2_000);
    const source = new FsBatchSource(corpus);
    const batches: ReplayInput[] = manifest.files.map((f) => ({ source, key: f.key, name: f.key }));
    expect(batches.length).toBeGreaterThanOrEqual(12);
    const replayFiles = async (workers: number): Promise<{ alerts: Alert[]; order: string[]; tenant: unknown; usernames: unknown }> => {
      const state = FileState.inMemory();
      const pool = workers > 1 ? new WorkerPool(workers, config) : undefined;
      const order: string[] = [];
      try {
        const out = await runReplay(batches, {
          state, config, clock, onBatch: (b) => order.push(b.batchId), ...(pool ? { newRun: () => new ParallelRun(pool, config, clock) } : {}),
        });
        return {
          alerts: out.alerts, order, tenant: (await state.load({ principals: [], identities: [] })).tenant, usernames: (await state.loadUsernames()).book,
        };
      } finally {
        await pool?.close();
      }
    };
    const one = await replayFiles(1);
    expect(one.alerts.length).toBeGreaterThan(0);
    const two = await replayFiles(2);
    expect(two.order).toEqual(one.order);
    expect(two.alerts).toEqual(one.alerts);
    expect(two.tenant).toEqual(one.tenant);
    // Usernames each batch learned are saved by that batch, though the next one started reading before.
    expect((one.usernames as UsernameBook).ids.length).toBeGreaterThan(10);
    expect(two.usernames).toEqual(one.usernames);
  }, 300_000);

  it('splits principals by a stable hash, the same whatever the order they come in', () => {
    const keys = Array.from({ length: 1000 }, (_, i) => `slack:U${i}`);
    const counts = [0, 0, 0];
    for (const k of keys) counts[partitionOf(k, 3)]!++;
    // The main thread (partition 0) also reads and saves: it judges 1/6 of the principals, the two threads 5/12 each.
    expect(counts[0]).toBeGreaterThan(1000 * mainShare(3) * 0.75);
    expect(counts[0]).toBeLessThan(1000 * mainShare(3) * 1.25);
    for (const c of counts.slice(1)) expect(c).toBeGreaterThan(350);
    expect(keys.map((k) => partitionOf(k, 3))).toEqual([...keys].reverse().map((k) => partitionOf(k, 3)).reverse());
  });

  it('fails the batch, saving nothing, when a worker fails', async () => {
    const script = join(dir, 'failing-worker.mjs');
    await writeFile(script, `import { parentPort } from 'node:worker_threads';
parentPort.on('message', (m) => { if (m.type !== 'events') parentPort.postMessage({ type: 'failed', message: 'disk on fire' }); });`);
    const pool = new WorkerPool(2, config, pathToFileURL(script));
    const state = FileState.inMemory();
    try {
      await expect(runReplay(inputs.slice(0, 3), { state, config, clock, newRun: () => new ParallelRun(pool, config, clock) }))
        .rejects.toThrow(DetectWorkerError);
    } finally {
      await pool.close();
    }
    expect((await state.load({ principals: [], identities: [] })).tenant.version).toBe(0);
  }, 60_000);

  it('decides "new to the tenant" on the whole batch, whichever worker judges the principal', async () => {
    // Two people of different partitions meet the same outside domain, two hours apart: only the first is new to the tenant.
    const [a, b] = Array.from({ length: 50 }, (_, i) => `slack:U${i}`).reduce<string[]>(
      (out, k) => (out.length === 0 || partitionOf(k, 2) !== partitionOf(out[0]!, 2) ? [...out, k] : out), [],
    ) as [string, string];
    const t0 = Date.parse('2026-11-10T10:00:00Z');
    const event = (key: string, time: number): NormalizedEvent => ({
      id: `${key}-${time}`, source: 'slack', app: 'slack', time, outcome: 'success', action: 'external_invite', vendorAction: 'user_channel_join',
      actor: { id: key.slice('slack:'.length), email: `${key.slice('slack:'.length)}@example.com`, type: 'user' },
      external: { domain: 'partner-of-ours.example' }, ref: { file: 'test', line: 1 },
    });
    const events = [event(a, t0), event(b, t0 + 2 * 3_600_000)];
    const one = runBatch(events, emptySnapshot(), config, clock, 'b1');
    const pool = new WorkerPool(2, config);
    try {
      const run = new ParallelRun(pool, config, clock);
      for (const e of events) run.add(e);
      await run.evaluate(emptySnapshot(), 'b1');
      const many = run.correlate(new Map());
      const titles = (r: BatchResult): string[] => r.signals.map((s) => `${s.principal}: ${s.title}`).sort();
      expect(titles(many)).toEqual(titles(one));
      expect(titles(one).filter((t) => t.includes('new to the tenant'))).toHaveLength(1);
      expect(many.changes.tenant).toEqual(one.changes.tenant);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('refuses a pool of fewer than two workers', () => {
    expect(() => new WorkerPool(1, config)).toThrow(RangeError);
  });
});
