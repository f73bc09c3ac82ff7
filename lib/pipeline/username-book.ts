import { z } from 'zod';

/**
 * The Salesforce user id → username map (learned from Login rows and RTEM `Username`), kept across batches so an
 * ELF batch without USER_NAME names its users as RTEM batches do (P1-4): one identity per person in the Lambda
 * exactly as in a replay. Held as one small state item with a byte budget; the least recently confirmed entries
 * go first when it is full.
 */

/** Index-aligned lists (one item, no per-key objects): user id (18 chars), username, epoch day last confirmed. */
export interface UsernameBook {
  ids: string[];
  names: string[];
  days: number[];
}

/** The book as stored: three index-aligned lists of equal length. */
export const UsernameBookSchema = z.object({ ids: z.array(z.string()), names: z.array(z.string()), days: z.array(z.number()) })
  .refine((b) => b.ids.length === b.names.length && b.ids.length === b.days.length, 'ids, names and days differ in length');

export interface StoredUsernameBook {
  /** 0 when none is stored yet; a save is conditional on it. */
  version: number;
  book: UsernameBook;
}

/** Where the book is kept (DynamoDB item `names#salesforce`, or the state file). */
export interface UsernameBookStore {
  loadUsernames(): Promise<StoredUsernameBook>;
  /** Writes `book` if the stored version is still `version`; throws StateConflictError otherwise. */
  saveUsernames(book: UsernameBook, version: number): Promise<void>;
}

/** Bytes of the book's JSON at most: ~4,000 users of typical id + username length. */
export const USERNAME_BOOK_BUDGET = 192 * 1024;
/** An entry seen again is re-dated only when its day is this old: the item is not rewritten by every batch. */
export const REFRESH_AFTER_DAYS = 7;

export const emptyBook = (): UsernameBook => ({ ids: [], names: [], days: [] });

/** The entries as a map, to seed a batch's NormalizeContext. */
export function bookEntries(book: UsernameBook): [string, string][] {
  return book.ids.map((id, i) => [id, book.names[i]!]);
}

/**
 * Folds what a batch learned (`id → username` confirmed on `day`) into the book. Returns whether it changed: a new
 * id, a new username for an id, or an entry confirmed again after REFRESH_AFTER_DAYS.
 */
export function foldLearned(book: UsernameBook, learned: ReadonlyMap<string, string>, day: number): boolean {
  if (learned.size === 0) return false;
  const index = new Map(book.ids.map((id, i) => [id, i]));
  let changed = false;
  for (const [id, name] of learned) {
    const i = index.get(id);
    if (i === undefined) {
      index.set(id, book.ids.length);
      book.ids.push(id);
      book.names.push(name);
      book.days.push(day);
      changed = true;
    } else if (book.names[i] !== name || day - book.days[i]! >= REFRESH_AFTER_DAYS) {
      book.names[i] = name;
      book.days[i] = Math.max(book.days[i]!, day);
      changed = true;
    }
  }
  return changed;
}

const bookBytes = (book: UsernameBook): number => Buffer.byteLength(JSON.stringify(book), 'utf8');

/**
 * Drops the least recently confirmed entries (ties: by id, so every writer drops the same ones) until the book's
 * JSON fits `budget`. Returns how many were dropped.
 */
export function fitBook(book: UsernameBook, budget = USERNAME_BOOK_BUDGET): number {
  let bytes = bookBytes(book);
  if (bytes <= budget) return 0;
  const order = book.ids.map((_, i) => i).sort((a, b) => book.days[a]! - book.days[b]! || (book.ids[a]! < book.ids[b]! ? -1 : 1));
  const drop = new Set<number>();
  for (const i of order) {
    if (bytes <= budget) break;
    drop.add(i);
    // id and name as JSON strings, the day's digits, three commas.
    bytes -= Buffer.byteLength(JSON.stringify(book.ids[i]), 'utf8') + Buffer.byteLength(JSON.stringify(book.names[i]), 'utf8') + String(book.days[i]).length + 3;
  }
  const keep = (_: unknown, i: number): boolean => !drop.has(i);
  book.ids = book.ids.filter(keep);
  book.names = book.names.filter(keep);
  book.days = book.days.filter(keep);
  return drop.size;
}

/**
 * The Map a NormalizeContext holds, noting every id the normalizers set (learned or confirmed) in this batch:
 * what is folded into the book after the batch.
 */
export class LearningMap extends Map<string, string> {
  learned = new Map<string, string>();

  /** A batch's own record of what it learns: the next batch may start reading before this one saved its names. */
  startBatch(): Map<string, string> {
    this.learned = new Map();
    return this.learned;
  }

  override set(id: string, name: string): this {
    // Map's constructor calls set before fields exist; entries seeded that way are not "learned".
    this.learned?.set(id, name);
    return super.set(id, name);
  }

  /** Adds entries known from earlier batches without counting them as learned now. */
  seed(entries: Iterable<[string, string]>): void {
    for (const [id, name] of entries) if (!this.has(id)) super.set(id, name);
  }
}
