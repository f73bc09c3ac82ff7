import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FsBatchSink } from '../../../lib/adapters/batches/fs-batch-sink.ts';
import { FileCheckpointStore } from '../../../lib/adapters/checkpoints/file-checkpoint-store.ts';
import { FileDedupeBackend } from '../../../lib/adapters/dedupe/file-dedupe-backend.ts';
import type { Envelope } from '../../../lib/core/envelope.ts';
import type { PullContext, PullLoop, PullStep, RunContext } from '../../../lib/sources/run/collector.ts';
import { CheckpointCorruptError } from '../../../lib/sources/run/errors.ts';
import { collectorFrom } from '../../../lib/sources/run/runner.ts';
import { formatRunSummary } from '../../../lib/sources/run/summary.ts';
import type { BatchSink } from '../../../lib/sources/ports.ts';
import { fakeTime } from '../../support/fake-time.ts';
import { readBatches } from '../../support/read-batches.ts';

const T0 = Date.UTC(2026, 10, 22, 3, 0, 0);
const env = (id: string, stream = 's1'): Envelope => ({ v: 1, source: 'm365', stream, id, fetchedAt: '2026-11-22T03:00:00Z', record: { id } });

/** A pull loop over a fixed list of steps; the cursor is the index of the next step. */
function listLoop(steps: { stream: string; ids: string[] }[], seen: { finalized: boolean; resumedAt: (number | null)[] }): PullLoop<number> {
  return {
    source: 'm365',
    cursorSchema: z.number().int(),
    retries: () => 0,
    describeCursor: (c) => `next=${c ?? 0}`,
    async *pull(cursor: number | null, ctx: PullContext): AsyncGenerator<PullStep<number>> {
      seen.resumedAt.push(cursor);
      try {
        for (let i = cursor ?? 0; i < steps.length; i++) {
          if (ctx.shouldStop()) return;
          const s = steps[i]!;
          yield { stream: s.stream, envelopes: s.ids.map((id) => env(id, s.stream)), cursor: i + 1, pages: 1, records: s.ids.length + 1, duplicatesDropped: 1 };
        }
      } finally {
        seen.finalized = true;
      }
    },
  };
}

let dir: string;
let time: ReturnType<typeof fakeTime>;
let n = 0;
beforeEach(async () => {
  n = 0;
  dir = await mkdtemp(join(tmpdir(), 'hw-runner-'));
  time = fakeTime(T0);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const ctx = (over: Partial<RunContext> = {}): RunContext => ({
  sink: new FsBatchSink(join(dir, 'out')),
  checkpoints: new FileCheckpointStore(join(dir, 'state.json')),
  dedupe: FileDedupeBackend.besideStateFile(join(dir, 'state.json'), 'm365'),
  clock: time.clock,
  newRunId: () => `run${++n}`,
  ...over,
});

describe('collector runner', () => {
  it('writes one batch per non-empty step, checkpoints after each, and sums the summary', async () => {
    const seen = { finalized: false, resumedAt: [] as (number | null)[] };
    const steps = [{ stream: 's1', ids: ['a', 'b'] }, { stream: 's1', ids: [] }, { stream: 'Audit.SharePoint', ids: ['c'] }];
    const notified: string[] = [];
    const s = await collectorFrom(listLoop(steps, seen)).runOnce(ctx({ handoff: { notify: async (m) => void notified.push(`${m.key}#${m.seq}`) } }));
    expect(s).toMatchObject({ status: 'completed', pages: 3, records: 6, duplicatesDropped: 3, batches: 2, envelopes: 3, cursor: 3, cursorText: 'next=3' });
    expect(s.keys).toEqual([
      'raw/source=m365/stream=s1/dt=2026-11-22/hour=03/run1-000001.ndjson.gz',
      'raw/source=m365/stream=Audit.SharePoint/dt=2026-11-22/hour=03/run1-000002.ndjson.gz',
    ]);
    expect(notified).toEqual([`${s.keys[0]}#1`, `${s.keys[1]}#2`]);
    expect(formatRunSummary(s)).toMatch(/^m365 run run1: completed; pages=3 records=6 batches=2 written=3 duplicates_dropped=3 retries=0 late_caught=0 off_contract=0 skipped_past_retention=0 duration=0\.0s cursor: next=3$/);
    expect(await new FileCheckpointStore(join(dir, 'state.json')).get('m365')).toEqual({
      cursor: {
        cursor: 3,
        announce: { key: s.keys[1], seq: 2, runId: 'run1', uri: expect.stringContaining(s.keys[1]!) },
        health: { lastRun: { runId: 'run1', at: T0, status: 'completed', written: 3, duplicatesDropped: 3, lateArrivals: 0, offContract: 0, retentionSkips: 0 } },
      },
      version: 6, // 2 per batch, 1 for the empty step, 1 for the run's health
    });
  });

  it('re-sends the handoff notice of a batch checkpointed just before a crash', async () => {
    const seen = { finalized: false, resumedAt: [] as (number | null)[] };
    const steps = [{ stream: 's1', ids: ['a'] }];
    const notified: string[] = [];
    const crashing = { notify: async () => { throw new Error('crash between checkpoint and notice'); } };
    await expect(collectorFrom(listLoop(steps, seen)).runOnce(ctx({ handoff: crashing }))).rejects.toThrow('crash');
    time.advance(60_000 * 60);
    const s = await collectorFrom(listLoop(steps, seen)).runOnce(ctx({ handoff: { notify: async (m) => void notified.push(m.key) } }));
    expect(s.batches).toBe(0); // nothing new to write…
    expect(notified).toEqual(['raw/source=m365/stream=s1/dt=2026-11-22/hour=03/run1-000001.ndjson.gz']); // …but the notice went out
  });

  it('does not checkpoint a step whose write failed, and rewrites the same key next run', async () => {
    const seen = { finalized: false, resumedAt: [] as (number | null)[] };
    const steps = [{ stream: 's1', ids: ['a'] }, { stream: 's1', ids: ['b', 'c'] }];
    const real = new FsBatchSink(join(dir, 'out'));
    let calls = 0;
    const flaky: BatchSink = {
      write: async (key, e) => {
        if (++calls === 2) {
          await real.write(key, e); // the bytes landed, but the write "failed" (e.g. timeout on the ack)
          throw new Error('write ack lost');
        }
        return real.write(key, e);
      },
    };
    await expect(collectorFrom(listLoop(steps, seen)).runOnce(ctx({ sink: flaky }))).rejects.toThrow('write ack lost');
    expect(seen.finalized).toBe(true);
    const store = new FileCheckpointStore(join(dir, 'state.json'));
    const cp = await store.get<{ cursor: number; pending?: { key: string } }>('m365');
    expect(cp?.cursor.cursor).toBe(1);
    expect(cp?.cursor.pending?.key).toMatch(/run1-000002/);

    const s = await collectorFrom(listLoop(steps, seen)).runOnce(ctx());
    expect(seen.resumedAt).toEqual([null, 1]);
    expect(s.keys).toEqual([cp?.cursor.pending?.key]);
    const all = [...(await readBatches(join(dir, 'out'))).values()].flat().map((e) => e.id);
    expect(all.sort()).toEqual(['a', 'b', 'c']);
  });

  it('empties an unconfirmed batch when the resumed step belongs to another stream', async () => {
    const store = new FileCheckpointStore(join(dir, 'state.json'));
    const sink = new FsBatchSink(join(dir, 'out'));
    const key = 'raw/source=m365/stream=old/dt=2026-11-22/hour=02/run0-000003.ndjson.gz';
    await sink.write(key, [env('x', 'old')]);
    await store.put('m365', { cursor: 0, pending: { key, seq: 3, runId: 'run0', stream: 'old' } }, 0);
    const seen = { finalized: false, resumedAt: [] as (number | null)[] };
    await collectorFrom(listLoop([{ stream: 'new', ids: ['x'] }], seen)).runOnce(ctx());
    const batches = await readBatches(join(dir, 'out'));
    expect(batches.get(key)).toEqual([]);
    expect([...batches.values()].flat().map((e) => e.id)).toEqual(['x']);
  });

  it('stops between steps when the budget is spent, ends the pull loop, and resumes next run', async () => {
    const seen = { finalized: false, resumedAt: [] as (number | null)[] };
    const steps = [{ stream: 's1', ids: ['a'] }, { stream: 's1', ids: ['b'] }, { stream: 's1', ids: ['c'] }];
    const slowSink: BatchSink = { write: async (k, e) => { time.advance(30_000); return new FsBatchSink(join(dir, 'out')).write(k, e); } };
    const s1 = await collectorFrom(listLoop(steps, seen)).runOnce(ctx({ sink: slowSink, budgetMs: 50_000 }));
    expect(s1.status).toBe('budget-exhausted');
    expect(s1.batches).toBe(2);
    expect(seen.finalized).toBe(true);
    const s2 = await collectorFrom(listLoop(steps, seen)).runOnce(ctx());
    expect(s2.status).toBe('completed');
    expect(seen.resumedAt).toEqual([null, 2]);
  });

  it('refuses a checkpoint that does not match the cursor schema, and releases the lease', async () => {
    await writeFile(join(dir, 'state.json'), JSON.stringify({ collectors: { checkpoints: { m365: { cursor: { cursor: 'nope' }, version: 1 } }, leases: {} } }));
    const seen = { finalized: false, resumedAt: [] as (number | null)[] };
    await expect(collectorFrom(listLoop([], seen)).runOnce(ctx())).rejects.toBeInstanceOf(CheckpointCorruptError);
    expect(await new FileCheckpointStore(join(dir, 'state.json')).acquireLease('m365', 'someone', 1000, T0)).toBe(true);
  });

  it('skips the run while another owner holds an unexpired lease, and takes it once expired', async () => {
    const store = new FileCheckpointStore(join(dir, 'state.json'));
    await store.acquireLease('m365', 'crashed-run', 60_000, T0);
    const seen = { finalized: false, resumedAt: [] as (number | null)[] };
    const held = await collectorFrom(listLoop([{ stream: 's1', ids: ['a'] }], seen)).runOnce(ctx());
    expect(held.status).toBe('lease-held');
    expect(seen.resumedAt).toEqual([]);
    expect(formatRunSummary(held)).toContain('skipped');
    time.advance(60_001);
    const ok = await collectorFrom(listLoop([{ stream: 's1', ids: ['a'] }], seen)).runOnce(ctx());
    expect(ok.status).toBe('completed');
  });
});
