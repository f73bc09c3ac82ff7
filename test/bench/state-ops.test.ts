import { describe, expect, it } from 'vitest';
import { FileState } from '../../lib/adapters/state/file-state.ts';
import { fixedClock } from '../../lib/core/clock.ts';
import { defaultConfig } from '../../lib/core/config.ts';
import { detectBatch } from '../../lib/pipeline/detect-batch.ts';
import type { RawItem, RawRecordItem } from '../../lib/pipeline/raw-item.ts';
import { corpusRecords, DEFAULT_SHAPE } from '../../bench/corpus/corpus-records.ts';
import type { CorpusShape } from '../../bench/corpus/corpus-records.ts';
import { CountingStatePort, itemReads, itemWrites, stateRequests } from '../support/counting-state-port.ts';
import type { StateOps } from '../support/counting-state-port.ts';

const clock = fixedClock(Date.UTC(2026, 9, 12));

function batchesOf(shape: CorpusShape, perBatch: number): RawRecordItem[][] {
  const out: RawRecordItem[][] = [];
  let line = 0;
  for (const r of corpusRecords(shape)) {
    if (line % perBatch === 0) out.push([]);
    out[out.length - 1]!.push({ kind: 'record', source: r.source, stream: r.stream, id: r.id, record: r.record, ref: { file: `batch-${out.length}`, line: ++line } });
  }
  return out;
}

async function* from(items: RawItem[]): AsyncGenerator<RawItem> {
  yield* items;
}

interface BatchOps {
  principals: number;
  events: number;
  ops: StateOps;
}

async function runBatches(batches: RawRecordItem[][]): Promise<BatchOps[]> {
  const state = new CountingStatePort(FileState.inMemory());
  const out: BatchOps[] = [];
  for (const [i, items] of batches.entries()) {
    const r = await detectBatch(from(items), { state, config: defaultConfig(), clock, batchId: `batch-${i}` });
    expect(r.counts.rejected).toEqual({});
    out.push({ principals: r.result.stats.principals, events: r.counts.events, ops: state.take() });
  }
  return out;
}

describe('state operations per batch follow principals, not events', () => {
  it('loads at most twice and saves once per batch, within 2 × distinct principals of DynamoDB requests', async () => {
    const shape = { ...DEFAULT_SHAPE, seed: 'state-ops', events: 9000, people: 60, eventsPerDay: 3000 };
    const runs = await runBatches(batchesOf(shape, 3000));
    expect(runs).toHaveLength(3);
    for (const { principals, events, ops } of runs) {
      expect(events).toBeGreaterThan(10 * principals); // many events per principal: per-event state work would show
      // Profiles, then identities only for the people who raised signals.
      expect(ops.loadCalls).toBeLessThanOrEqual(2);
      expect(ops.saveCalls).toBe(1);
      expect(stateRequests(ops)).toBeLessThanOrEqual(2 * principals);
      // One profile read per principal and at most one profile write.
      expect(ops.profileReads).toBe(principals);
      expect(ops.profileWrites).toBeLessThanOrEqual(principals);
      expect(ops.identityReads).toBeLessThanOrEqual(principals);
      expect(ops.identityWrites).toBeLessThanOrEqual(ops.identityReads);
      expect(ops.tenantReads + ops.tenantWrites).toBeLessThanOrEqual(2);
    }
  });

  it('counts the same state items for ten times the events of the same principals', async () => {
    const base = { ...DEFAULT_SHAPE, seed: 'state-ops-scale', people: 20, eventsPerDay: 4000 };
    const [small] = await runBatches(batchesOf({ ...base, events: 400 }, 400));
    const [large] = await runBatches(batchesOf({ ...base, events: 4000 }, 4000));
    expect(large!.events).toBe(10 * small!.events);
    expect(large!.principals).toBe(small!.principals);
    expect(large!.ops.profileReads).toBe(small!.ops.profileReads);
    expect(itemReads(large!.ops)).toBeLessThanOrEqual(2 * large!.principals); // more events may mean more signalling people, never more than everyone
    expect(large!.ops.profileWrites).toBe(small!.ops.profileWrites);
    expect(itemWrites(large!.ops)).toBeLessThanOrEqual(large!.ops.profileWrites + large!.ops.identityReads + 1);
  });

  it('passes every save through to the wrapped state and counts what it wrote', async () => {
    const inner = FileState.inMemory();
    const state = new CountingStatePort(inner);
    const [items] = batchesOf({ ...DEFAULT_SHAPE, seed: 'state-ops-pass', events: 500, people: 10, eventsPerDay: 500 }, 500);
    const r = await detectBatch(from(items!), { state, config: defaultConfig(), clock, batchId: 'b1' });
    const ops = state.take();
    expect(inner.version).toBe(1);
    expect(ops.profileWrites).toBe(r.result.changes.profiles.length);
    expect(state.take().loadCalls).toBe(0); // take() starts afresh
  });
});
