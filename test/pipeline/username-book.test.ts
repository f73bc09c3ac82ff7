import { describe, expect, it } from 'vitest';
import { FileState } from '../../lib/adapters/state/file-state.ts';
import { fixedClock } from '../../lib/core/clock.ts';
import { defaultConfig } from '../../lib/core/config.ts';
import { StateConflictError } from '../../lib/core/state.ts';
import { detectBatch } from '../../lib/pipeline/detect-batch.ts';
import type { RawItem, RawRecordItem } from '../../lib/pipeline/raw-item.ts';
import { LearningMap, REFRESH_AFTER_DAYS, emptyBook, fitBook, foldLearned } from '../../lib/pipeline/username-book.ts';
import type { UsernameBook, UsernameBookStore } from '../../lib/pipeline/username-book.ts';
import { T0, elfReportRow, rtemApiEvent } from '../replay/vendor-fixtures.ts';

const clock = fixedClock(Date.UTC(2026, 10, 12));
const USER = '0055e000008hWkzAAE';

async function* from(items: RawItem[]): AsyncGenerator<RawItem> {
  yield* items;
}
const rtem = (id: string): RawRecordItem => ({ kind: 'record', source: 'salesforce', stream: 'rtem:ApiEvent', id, record: rtemApiEvent(id, T0, 10), ref: { file: 'rtem', line: 1 } });
const elf = (i: number): RawRecordItem => ({ kind: 'record', source: 'salesforce', stream: 'elf:Report', id: `0AT1:${i}`, record: elfReportRow(i, T0 + 3_600_000, 10), ref: { file: 'elf', line: i + 1 } });

describe('Salesforce usernames across batches (P1-4)', () => {
  it('an ELF batch without USER_NAME, detected on its own, gets the identity and name an earlier RTEM batch taught', async () => {
    const state = FileState.inMemory({ now: clock.now });
    const deps = { state, usernames: state, config: defaultConfig(), clock };
    await detectBatch(from([rtem('e-1')]), { ...deps, batchId: 'rtem-batch' });
    // A later invocation: its own NormalizeContext, as in the detect Lambda.
    await detectBatch(from([elf(0), elf(1)]), { ...deps, batchId: 'elf-batch' });
    const p = (await state.load({ principals: [`salesforce:${USER}`], identities: [] })).profiles.get(`salesforce:${USER}`)!;
    expect(p.identity).toBe('carol@example.com');
    expect(p.name).toBe('carol@example.com');
    expect(p.batches).toHaveLength(2);
    expect((await state.loadUsernames()).book.names).toEqual(['carol@example.com']);
  });

  it('rewrites the book only when it learned something (not for every batch naming known users)', async () => {
    const state = FileState.inMemory({ now: clock.now });
    const deps = { state, usernames: state, config: defaultConfig(), clock };
    await detectBatch(from([rtem('e-1')]), { ...deps, batchId: 'b1' });
    await detectBatch(from([rtem('e-2')]), { ...deps, batchId: 'b2' });
    expect((await state.loadUsernames()).version).toBe(1);
  });

  it('folds again after a lost race instead of overwriting the other writer', async () => {
    const inner = FileState.inMemory({ now: clock.now });
    let raced = false;
    const store: UsernameBookStore = {
      loadUsernames: () => inner.loadUsernames(),
      saveUsernames: async (book, version) => {
        if (!raced) {
          raced = true; // someone else adds a user between our load and our save
          await inner.saveUsernames({ ids: ['005OTHER000000000A'], names: ['dave@example.com'], days: [20000] }, version);
          throw new StateConflictError('names#salesforce');
        }
        await inner.saveUsernames(book, version);
      },
    };
    await detectBatch(from([rtem('e-1')]), { state: inner, usernames: store, config: defaultConfig(), clock, batchId: 'b1' });
    expect((await inner.loadUsernames()).book.names.sort()).toEqual(['carol@example.com', 'dave@example.com']);
  });
});

describe('username book', () => {
  it('foldLearned adds ids, renames, and re-dates an entry only after REFRESH_AFTER_DAYS', () => {
    const book = emptyBook();
    expect(foldLearned(book, new Map([['a', 'a@x.com']]), 100)).toBe(true);
    expect(foldLearned(book, new Map([['a', 'a@x.com']]), 100 + REFRESH_AFTER_DAYS - 1)).toBe(false);
    expect(foldLearned(book, new Map([['a', 'a@x.com']]), 100 + REFRESH_AFTER_DAYS)).toBe(true);
    expect(book.days).toEqual([100 + REFRESH_AFTER_DAYS]);
    expect(foldLearned(book, new Map([['a', 'renamed@x.com']]), 100 + REFRESH_AFTER_DAYS)).toBe(true);
    expect(book.names).toEqual(['renamed@x.com']);
  });

  it('fitBook drops the least recently confirmed entries until the JSON fits, whatever their number', () => {
    const n = 20_000;
    const book: UsernameBook = {
      ids: Array.from({ length: n }, (_, i) => `005${String(i).padStart(15, '0')}`),
      names: Array.from({ length: n }, (_, i) => `user.${i}.with.a.longish.name@subsidiary.example.com`),
      days: Array.from({ length: n }, (_, i) => 20000 + (i % 500)),
    };
    const before = structuredClone(book);
    const budget = 64 * 1024;
    const dropped = fitBook(book, budget);
    expect(Buffer.byteLength(JSON.stringify(book))).toBeLessThanOrEqual(budget);
    expect(dropped).toBe(n - book.ids.length);
    expect(book.ids.length).toBeGreaterThan(700);
    // Every survivor was confirmed no earlier than any dropped entry, and kept its own name.
    const kept = new Set(book.ids);
    const droppedDays = before.days.filter((_, i) => !kept.has(before.ids[i]!));
    expect(Math.max(...droppedDays)).toBeLessThanOrEqual(Math.min(...book.days));
    expect(book.names[0]).toBe(before.names[before.ids.indexOf(book.ids[0]!)]);
  });

  it('LearningMap notes what is set, not what is seeded', () => {
    const m = new LearningMap();
    m.seed([['a', 'a@x.com']]);
    m.set('b', 'b@x.com');
    expect(m.get('a')).toBe('a@x.com');
    expect([...m.learned]).toEqual([['b', 'b@x.com']]);
  });
});
