import { cloneJson } from '../core/clone-json.ts';
import type { NormalizeContext } from '../core/normalize/index.ts';
import { StateConflictError } from '../core/state.ts';
import { dayOf } from '../core/time.ts';
import { LearningMap, bookEntries, fitBook, foldLearned } from './username-book.ts';
import type { StoredUsernameBook, UsernameBookStore } from './username-book.ts';

/** A batch's view of the username book: the map its normalizers read and write, and the book it was seeded from. */
export interface BatchUsernames {
  map: LearningMap;
  /** What this batch's normalizers learned. */
  learned: Map<string, string>;
  stored: StoredUsernameBook;
}

const SAVE_ATTEMPTS = 4;

/**
 * Seeds the context's Salesforce id → username map with the stored book (names learned earlier in this run win:
 * they are newer) and makes it note what this batch learns.
 */
export async function learnUsernames(ctx: NormalizeContext, store: UsernameBookStore): Promise<BatchUsernames> {
  const stored = await store.loadUsernames();
  let map: LearningMap;
  if (ctx.sfUsernames instanceof LearningMap) {
    map = ctx.sfUsernames;
  } else {
    map = new LearningMap();
    map.seed(ctx.sfUsernames);
    ctx.sfUsernames = map;
  }
  const learned = map.startBatch();
  map.seed(bookEntries(stored.book));
  return { map, learned, stored };
}

/**
 * Folds what the batch learned into the book and writes it when that changed it. A lost race re-reads the book and
 * folds again (the book is only ever added to, so nothing another writer added is lost).
 */
export async function saveLearnedUsernames(store: UsernameBookStore, names: BatchUsernames, nowMs: number): Promise<void> {
  let stored = names.stored;
  for (let attempt = 1; ; attempt++) {
    const book = cloneJson(stored.book);
    if (!foldLearned(book, names.learned, dayOf(nowMs))) return;
    fitBook(book);
    try {
      await store.saveUsernames(book, stored.version);
      names.stored = { version: stored.version + 1, book };
      return;
    } catch (err) {
      if (!(err instanceof StateConflictError) || attempt >= SAVE_ATTEMPTS) throw err;
      stored = await store.loadUsernames();
    }
  }
}
