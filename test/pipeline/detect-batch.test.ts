import { describe, expect, it } from 'vitest';
import { FileState } from '../../lib/adapters/state/file-state.ts';
import { fixedClock } from '../../lib/core/clock.ts';
import { defaultConfig } from '../../lib/core/config.ts';
import type { Reject } from '../../lib/core/event.ts';
import { hasBatch } from '../../lib/core/profile.ts';
import { BatchPartlyFoldedError } from '../../lib/core/state.ts';
import { detectBatch, SameRecordsError } from '../../lib/pipeline/detect-batch.ts';
import type { RawItem, RawRecordItem } from '../../lib/pipeline/raw-item.ts';
import { rawReject } from '../../lib/pipeline/raw-item.ts';
import { T0, slackBurst } from '../replay/vendor-fixtures.ts';
import { CountingStatePort } from '../support/counting-state-port.ts';

const clock = fixedClock(Date.UTC(2026, 10, 16));

function slackItems(entries: Record<string, unknown>[], file = 'page.json'): RawRecordItem[] {
  return entries.map((e, i) => ({ kind: 'record', source: 'slack', stream: 'audit', id: String(e['id']), record: e, ref: { file, line: i + 1 } }));
}
async function* from(items: RawItem[]): AsyncGenerator<RawItem> {
  yield* items;
}

describe('detectBatch', () => {
  it('normalizes, detects, saves state and counts: a Slack download burst raises one alert', async () => {
    const state = FileState.inMemory();
    const burst = slackBurst(40, T0 + 13 * 3600_000);
    const out = await detectBatch(from(slackItems(burst)), { state, config: defaultConfig(), clock });
    expect(out.counts).toEqual({ records: 40, normalized: 40, events: 40, duplicates: 0, rejected: {} });
    expect(out.result.alerts.map((a) => [a.detector, a.principal.id])).toEqual([['chat.file-download-volume', 'W0ALICE']]);
    const snap = await state.load({ principals: ['slack:W0ALICE'], identities: [] });
    const alice = snap.profiles.get('slack:W0ALICE')!;
    expect(hasBatch(alice, out.batchId)).toBe(true);
    expect(hasBatch(alice, `${out.batchId}-other`)).toBe(false);
  });

  it('hands the alerts to beforeSave before the state is saved, and saves nothing when that fails', async () => {
    const state = FileState.inMemory();
    const order: string[] = [];
    const save = state.save.bind(state);
    state.save = async (c) => { order.push('save'); await save(c); };
    const burst = slackItems(slackBurst(40, T0 + 13 * 3600_000));
    await detectBatch(from(burst), { state, config: defaultConfig(), clock, beforeSave: async (r) => void order.push(`record ${r.alerts.length}`) });
    expect(order).toEqual(['record 1', 'save']);

    const fresh = FileState.inMemory();
    const failing = detectBatch(from(burst), { state: fresh, config: defaultConfig(), clock, beforeSave: async () => { throw new Error('alert store down'); } });
    await expect(failing).rejects.toThrow('alert store down');
    const snap = await fresh.load({ principals: ['slack:W0ALICE'], identities: [] });
    expect(snap.profiles.size).toBe(0); // not counted, so a retry of the batch alerts again
  });

  it('drops repeated ids when asked (vendor files) and counts them', async () => {
    const items = slackItems(slackBurst(5, T0));
    const twice = [...items, ...items.slice(0, 2)];
    const deduped = await detectBatch(from(twice), { state: FileState.inMemory(), config: defaultConfig(), clock, dedupe: true });
    expect(deduped.counts).toMatchObject({ records: 7, normalized: 5, duplicates: 2 });
    const kept = await detectBatch(from(twice), { state: FileState.inMemory(), config: defaultConfig(), clock });
    expect(kept.counts).toMatchObject({ records: 7, normalized: 7, duplicates: 0 });
  });

  it('derives the batch id from the records, so the same input gets the same id and other input another', async () => {
    const run = async (items: RawItem[]) => (await detectBatch(from(items), { state: FileState.inMemory(), config: defaultConfig(), clock })).batchId;
    const a = slackItems(slackBurst(3, T0));
    expect(await run(a)).toBe(await run(slackItems(slackBurst(3, T0), 'elsewhere/page.json.gz')));
    expect(await run(a)).not.toBe(await run(slackItems(slackBurst(3, T0, 100))));
    expect(await run(a)).toMatch(/^sha256:[0-9a-f]{32}$/);
    const given = await detectBatch(from(a), { state: FileState.inMemory(), config: defaultConfig(), clock, batchId: 'raw/x.ndjson.gz' });
    expect(given.batchId).toBe('raw/x.ndjson.gz');
  });

  it('exposes every reject for quarantine: read rejects alone, normalizer rejects with their raw record', async () => {
    const seen: Array<[Reject, RawRecordItem | undefined]> = [];
    const broken: RawRecordItem = { kind: 'record', source: 'slack', stream: 'audit', id: 'x1', record: { id: 'x1', action: 'file_downloaded' }, ref: { file: 'p.json', line: 9 } };
    const out = await detectBatch(from([rawReject('malformed-json', { file: 'p.json', line: 3 }, 'Unexpected token'), broken]), {
      state: FileState.inMemory(), config: defaultConfig(), clock, onReject: (r, item) => seen.push([r, item]),
    });
    expect(seen[0]).toEqual([{ reason: 'malformed-json', ref: { file: 'p.json', line: 3 }, detail: 'Unexpected token' }, undefined]);
    expect(seen[1]![0]).toMatchObject({ source: 'slack', ref: { file: 'p.json', line: 9 } });
    expect(seen[1]![1]).toBe(broken);
    expect(out.counts.rejected['malformed-json']).toBe(1);
    expect(out.counts.records).toBe(1);
    expect(out.counts.normalized).toBe(0);
    expect(out.result.rejects).toHaveLength(2);
  });

  it('reads the tenant item once per batch: the identities are loaded alone after evaluation (P2-5 load cost)', async () => {
    const state = new CountingStatePort(FileState.inMemory());
    const out = await detectBatch(from(slackItems(slackBurst(40, T0 + 13 * 3600_000))), { state, config: defaultConfig(), clock });
    expect(out.result.alerts).toHaveLength(1);
    const ops = state.take();
    expect(ops.identityReads).toBe(1);
    expect(ops.loadCalls).toBe(2);
    expect(ops.tenantReads).toBe(1);
  });
});

describe('detectBatch with separateFiles (queued batches detected as one)', () => {
  // Alice's burst of 40 downloads over two batch files, and Bob's few in the second.
  const fileA = slackItems(slackBurst(20, T0 + 13 * 3600_000), 'raw/a.ndjson.gz');
  const fileB = slackItems([...slackBurst(20, T0 + 13 * 3600_000 + 400_000, 20), ...slackBurst(3, T0 + 14 * 3600_000, 500).map((e) => ({ ...e, actor: { type: 'user', user: { id: 'W0BOB', email: 'bob@example.com' } } }))], 'raw/b.ndjson.gz');
  const keys = { principals: ['slack:W0ALICE', 'slack:W0BOB'], identities: [] };
  const detect = (state: FileState, items: RawItem[], separateFiles = false) => detectBatch(from(items), { state, ledger: state, config: defaultConfig(), clock, ...(separateFiles ? { separateFiles } : {}) });
  const withoutVersion = ({ version: _v, ...p }: { version: number }) => p;

  it('gives the profiles and alerts of the files detected one after the other, saving each profile once', async () => {
    const oneByOne = FileState.inMemory();
    const a = await detect(oneByOne, fileA);
    const b = await detect(oneByOne, fileB);
    const together = new CountingStatePort(FileState.inMemory());
    const both = await detectBatch(from([...fileA, ...fileB]), { state: together, config: defaultConfig(), clock, separateFiles: true });

    expect(both.result.alerts.map((x) => x.id)).toEqual([...a.result.alerts, ...b.result.alerts].map((x) => x.id));
    expect(both.result.alerts).toHaveLength(1);
    const apart = (await oneByOne.load(keys)).profiles;
    const joined = (await together.load(keys)).profiles;
    expect(joined.get('slack:W0ALICE')!.version).toBe(1);
    expect(apart.get('slack:W0ALICE')!.version).toBe(2);
    expect(withoutVersion(joined.get('slack:W0ALICE')!)).toEqual(withoutVersion(apart.get('slack:W0ALICE')!));
    // Bob was in b only: he holds both ids (a run marks all of its batches), counted once either way.
    expect(joined.get('slack:W0BOB')!.act).toEqual(apart.get('slack:W0BOB')!.act);
    for (const id of [a.batchId, b.batchId]) expect(hasBatch(joined.get('slack:W0BOB')!, id)).toBe(true);
  });

  it('records each file under the id it has alone, so either file detected again later changes nothing', async () => {
    const alone = await detect(FileState.inMemory(), fileB);
    const state = FileState.inMemory();
    const both = await detect(state, [...fileA, ...fileB], true);
    expect(both.batchId).toMatch(/^sha256:[0-9a-f]{32}\+1$/);
    expect(await state.processed([alone.batchId])).toEqual(new Set([alone.batchId]));
    const again = await detect(state, fileB);
    expect(again.alreadyProcessed).toBe(true);
    expect((await detect(state, [...fileA, ...fileB], true)).alreadyProcessed).toBe(true);
  });

  it('fails before saving anything when the ledger or a profile holds some of the files but not all', async () => {
    const state = FileState.inMemory();
    await detect(state, fileA);
    const before = JSON.stringify([...(await state.load(keys)).profiles]);
    const err = await detect(state, [...fileA, ...fileB], true).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BatchPartlyFoldedError);
    expect(err).toMatchObject({ where: 'the processed-batch ledger', held: [expect.stringMatching(/^sha256:/)], missing: [expect.any(String)] });
    expect(JSON.stringify([...(await state.load(keys)).profiles])).toBe(before);

    // A run that stopped after saving profiles and before recording the ledger: Alice's profile holds a alone.
    const noLedger = FileState.inMemory();
    await detectBatch(from(fileA), { state: noLedger, config: defaultConfig(), clock });
    await expect(detectBatch(from([...fileA, ...fileB]), { state: noLedger, config: defaultConfig(), clock, separateFiles: true }))
      .rejects.toMatchObject({ name: 'BatchPartlyFoldedError', where: 'profile slack:W0ALICE', held: [expect.any(String)], missing: [expect.any(String)] });
  });

  it('fails on two files holding the same records (a batch written twice), which together would count them twice', async () => {
    const twice = [...fileA, ...fileA.map((i) => ({ ...i, ref: { ...i.ref, file: 'raw/a-again.ndjson.gz' } }))];
    await expect(detectBatch(from(twice), { state: FileState.inMemory(), config: defaultConfig(), clock, separateFiles: true })).rejects.toThrow(SameRecordsError);
  });

  it('takes neither a given batch id nor parts', async () => {
    await expect(detectBatch(from(fileA), { state: FileState.inMemory(), config: defaultConfig(), clock, separateFiles: true, batchId: 'x' })).rejects.toThrow(TypeError);
  });
});
