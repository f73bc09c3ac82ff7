import { describe, expect, it } from 'vitest';
import { FileState } from '../../lib/adapters/state/file-state.ts';
import { fixedClock } from '../../lib/core/clock.ts';
import { defaultConfig } from '../../lib/core/config.ts';
import { detectBatch } from '../../lib/pipeline/detect-batch.ts';
import type { RawItem, RawRecordItem } from '../../lib/pipeline/raw-item.ts';
import { T0, slackBurst } from '../replay/vendor-fixtures.ts';

const clock = fixedClock(Date.UTC(2026, 11, 20));
const HOUR = 3_600_000;

function slackItems(entries: Record<string, unknown>[], file = 'page.json'): RawRecordItem[] {
  return entries.map((e, i) => ({ kind: 'record', source: 'slack', stream: 'audit', id: String(e['id']), record: e, ref: { file, line: i + 1 } }));
}
async function* from(items: RawItem[]): AsyncGenerator<RawItem> {
  yield* items;
}

/** Batch n: 5 downloads by the same person, an hour apart per batch (each batch a later collection). */
const batch = (n: number): RawRecordItem[] => slackItems(slackBurst(5, T0 + n * 6 * HOUR, n * 10));

describe('detectBatch with a batch ledger (P1-6)', () => {
  it('re-delivering a batch after 20 later ones (past the 16 profile markers) changes nothing', async () => {
    const state = FileState.inMemory({ now: clock.now });
    const deps = { state, ledger: state, config: defaultConfig(), clock };
    for (let n = 0; n <= 20; n++) await detectBatch(from(batch(n)), { ...deps, batchId: `raw/b-${n}` });
    const before = await state.load({ principals: ['slack:W0ALICE'], identities: [] });
    const version = state.version;

    const again = await detectBatch(from(batch(0)), { ...deps, batchId: 'raw/b-0' });
    expect(again.alreadyProcessed).toBe(true);
    expect(again.counts).toMatchObject({ records: 5, normalized: 5, events: 0 });
    expect(again.result.alerts).toEqual([]);
    expect(state.version).toBe(version); // no state write at all
    expect(await state.load({ principals: ['slack:W0ALICE'], identities: [] })).toEqual(before);
  });

  it('recognises a batch by its records when it has no given id (a replay of the same batch from elsewhere)', async () => {
    const state = FileState.inMemory({ now: clock.now });
    const deps = { state, ledger: state, config: defaultConfig(), clock };
    const first = await detectBatch(from(batch(1)), deps);
    for (let n = 2; n < 20; n++) await detectBatch(from(batch(n)), deps);
    const version = state.version;
    const again = await detectBatch(from(slackItems(slackBurst(5, T0 + 6 * HOUR, 10), 'elsewhere/copy.ndjson')), deps);
    expect(again).toMatchObject({ alreadyProcessed: true, batchId: first.batchId });
    expect(state.version).toBe(version);
  });

  it('records a batch only after its state is saved: a failed save leaves it to be detected again', async () => {
    const state = FileState.inMemory({ now: clock.now });
    const failing = Object.assign(Object.create(state) as FileState, { save: async () => { throw new Error('disk full'); } });
    await expect(detectBatch(from(batch(0)), { state: failing, ledger: state, config: defaultConfig(), clock, batchId: 'raw/b-0' })).rejects.toThrow('disk full');
    expect(await state.processed(['raw/b-0'])).toEqual(new Set());
    const retry = await detectBatch(from(batch(0)), { state, ledger: state, config: defaultConfig(), clock, batchId: 'raw/b-0', aliases: ['object:s3://raw/raw/b-0'] });
    expect(retry.alreadyProcessed).toBe(false);
    expect(await state.processed(['raw/b-0', 'object:s3://raw/raw/b-0'])).toEqual(new Set(['raw/b-0', 'object:s3://raw/raw/b-0']));
  });
});
