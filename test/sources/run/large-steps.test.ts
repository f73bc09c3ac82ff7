import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FsBatchSink } from '../../../lib/adapters/batches/fs-batch-sink.ts';
import { FileCheckpointStore } from '../../../lib/adapters/checkpoints/file-checkpoint-store.ts';
import { FileDedupeBackend } from '../../../lib/adapters/dedupe/file-dedupe-backend.ts';
import type { Envelope } from '../../../lib/core/envelope.ts';
import type { PullLoop, PullStep } from '../../../lib/sources/run/collector.ts';
import { collectorFrom } from '../../../lib/sources/run/runner.ts';
import { JOURNAL_MAX_DIGESTS } from '../../../lib/sources/run/step-filter.ts';
import { CHECKPOINT_BUDGET_BYTES } from '../../../lib/sources/run/stored.ts';
import { CrashPlan, countIds, LEASE_EXPIRY_MS, SimulatedCrash, type Ports } from '../../support/crash-harness.ts';
import { fakeTime } from '../../support/fake-time.ts';
import { readAllIds } from '../../support/read-batches.ts';

const T0 = Date.UTC(2026, 10, 22, 3, 0, 0);
const N = 40_000;

/** One vendor page of 40,000 records (more than one journal holds), then nothing. */
const loop: PullLoop<{ done: boolean }> = {
  source: 'slack',
  cursorSchema: z.object({ done: z.boolean() }),
  retries: () => 0,
  async *pull(cursor): AsyncGenerator<PullStep<{ done: boolean }>> {
    if (cursor?.done) return;
    const envelopes: Envelope[] = [];
    const eventTimes: number[] = [];
    for (let i = 0; i < N; i++) {
      envelopes.push({ v: 1, source: 'slack', stream: 'audit', id: `big-${i}`, fetchedAt: '2026-11-22T03:00:00Z', record: { i } });
      eventTimes.push(T0 - 600_000 + i);
    }
    yield { stream: 'audit', envelopes, eventTimes, cursor: { done: true }, pages: 1, records: N };
  },
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hw-large-step-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function ports(sizes: number[]): Ports {
  const checkpoints = new FileCheckpointStore(join(dir, 'state.json'));
  return {
    sink: new FsBatchSink(join(dir, 'out')),
    checkpoints: {
      get: (s) => checkpoints.get(s),
      put: (s, c, v) => (sizes.push(Buffer.byteLength(JSON.stringify(c))), checkpoints.put(s, c, v)),
      acquireLease: (...a) => checkpoints.acquireLease(...a),
      releaseLease: (...a) => checkpoints.releaseLease(...a),
    },
    dedupe: FileDedupeBackend.besideStateFile(join(dir, 'state.json'), 'slack'),
    handoff: { notify: async () => undefined },
  };
}

describe('a step larger than one journal', () => {
  it('is committed in parts, each checkpoint within budget, and a crash between parts neither loses nor doubles', async () => {
    const sizes: number[] = [];
    const time = fakeTime(T0);
    const plan = new CrashPlan(8); // while copying the first part's journal: that part is durable and checkpointed
    await expect(collectorFrom(loop).runOnce({ ...plan.wrap(ports(sizes)), clock: time.clock })).rejects.toBeInstanceOf(SimulatedCrash);
    expect((await readAllIds(join(dir, 'out'))).length).toBeGreaterThan(0);
    time.advance(LEASE_EXPIRY_MS);
    const r = await collectorFrom(loop).runOnce({ ...ports(sizes), clock: time.clock });
    expect(r.duplicatesDropped).toBe(JOURNAL_MAX_DIGESTS);
    const counts = countIds(await readAllIds(join(dir, 'out')));
    expect(counts.size).toBe(N);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(Math.max(...sizes)).toBeLessThan(CHECKPOINT_BUDGET_BYTES);
    expect(Math.max(...sizes)).toBeGreaterThan(150_000); // a full journal rode in it
  });
});
