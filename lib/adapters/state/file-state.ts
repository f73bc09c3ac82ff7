import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { IdentityState, Profile, StateChanges, StateKeys, StatePort, StateSnapshot, TenantState } from '../../core/state.ts';
import { StateConflictError, emptyTenant } from '../../core/state.ts';
import { cloneJson } from '../../core/clone-json.ts';
import { BATCH_LEDGER_TTL_DAYS } from '../../pipeline/batch-ledger.ts';
import type { BatchLedger } from '../../pipeline/batch-ledger.ts';
import type { IdentityLoader } from '../../pipeline/identity-loader.ts';
import { UsernameBookSchema, emptyBook } from '../../pipeline/username-book.ts';
import type { StoredUsernameBook, UsernameBook, UsernameBookStore } from '../../pipeline/username-book.ts';
import { ItemTooLargeError, STATE_ITEM_BUDGET, itemBytes } from './item-size.ts';
import type { OversizeItem } from './item-size.ts';
import { DAY_MS, TENANT_PK, identityPk, profilePk } from './table-keys.ts';

const FORMAT = 'hoardwatch-state/1';

/**
 * What this adapter relies on: item keys and versions. The rest of each item is the core's (lib/core/state.ts) and
 * evolves with the detectors, so it is kept as written rather than re-declared here (and left to drift).
 */
const Item = z.object({ key: z.string().min(1), version: z.number().int().nonnegative() }).loose();
const TenantItem = z.object({ key: z.literal('tenant'), version: z.number().int().nonnegative(), seen: z.record(z.string(), z.unknown()) }).loose();

/**
 * The `--state` file: the same items DynamoDB holds (DESIGN.md §7), keyed by item key. `batches` (processed batch
 * id → expiry, epoch ms) and `usernames` came later and are optional, so older files still open.
 */
const StateFileSchema = z.object({
  format: z.literal(FORMAT),
  /** Bumped on every save: tells a reader which write it sees. */
  version: z.number().int().nonnegative(),
  profiles: z.record(z.string(), Item),
  identities: z.record(z.string(), Item),
  tenant: TenantItem,
  batches: z.record(z.string(), z.number()).optional(),
  usernames: z.object({ version: z.number().int().nonnegative(), book: UsernameBookSchema }).optional(),
});

/**
 * An item as held between loads: its JSON, as written to the file. Parsed only when a batch asks for it and
 * encoded only when a batch changed it; as text it also takes a fraction of the memory its objects would.
 */
interface StoredItem {
  version: number;
  json: string;
}

/** The file in memory: items by key (validated on read as far as this adapter needs). */
interface StateFile {
  version: number;
  profiles: Map<string, StoredItem>;
  identities: Map<string, StoredItem>;
  tenant: TenantState;
  /** Processed batch ids → when they are forgotten (epoch ms). */
  batches: Map<string, number>;
  usernames: StoredUsernameBook;
}

export class StateFileError extends Error {
  constructor(readonly path: string, message: string, options?: ErrorOptions) {
    super(`state file ${path}: ${message}`, options);
    this.name = 'StateFileError';
  }
}

const emptyFile = (): StateFile => ({
  version: 0, profiles: new Map(), identities: new Map(), tenant: emptyTenant(), batches: new Map(), usernames: { version: 0, book: emptyBook() },
});

const stored = (item: { version: number }): StoredItem => ({ version: item.version, json: JSON.stringify(item) });

/** The item written after `item` (its version bumped), as stored. */
function bumped(item: { version: number }): StoredItem {
  const version = item.version + 1;
  return { version, json: JSON.stringify({ ...item, version }) };
}

/** The file's text: the same document JSON.stringify gave for the parsed file, assembled from the items' JSON. */
function fileText(doc: StateFile): string {
  const items = (m: Map<string, StoredItem>): string => [...m].map(([k, v]) => `${JSON.stringify(k)}:${v.json}`).join(',');
  return `{"format":${JSON.stringify(FORMAT)},"version":${doc.version},"profiles":{${items(doc.profiles)}},` +
    `"identities":{${items(doc.identities)}},"tenant":${JSON.stringify(doc.tenant)},` +
    `"batches":${JSON.stringify(Object.fromEntries(doc.batches))},"usernames":${JSON.stringify(doc.usernames)}}\n`;
}

/** The size the item would have in DynamoDB (pk, version, data, ttl): replay refuses what the Lambda would. */
const dynamoBytes = (pk: string, item: StoredItem): number => itemBytes({ pk, version: item.version, data: item.json, ttl: 0 });

/**
 * StatePort over one local JSON file (`replay --state`): read whole on open, served from memory (each item as its
 * JSON: a load parses only the items asked for, a save encodes only the items changed), every save merged and
 * written atomically (temp file, fsync, rename, fsync of the directory) so a crash leaves the old
 * or the new file, never half of one. Item writes are conditional on the loaded `version`, like DynamoDB, and
 * bump it; when another process rewrote the file since, it is re-read before the check so no update is lost
 * silently. Without a path the state lives in memory only (a throw-away replay).
 */
export class FileState implements StatePort, IdentityLoader, BatchLedger, UsernameBookStore {
  private dirty = false;
  private lastWrite = 0;

  private constructor(
    readonly path: string | undefined,
    private doc: StateFile,
    private stamp: string | undefined,
    private readonly writeEveryMs: number,
    private readonly now: () => number,
  ) {}

  /**
   * Opens `path` (a missing file is empty state); throws StateFileError for an unreadable or corrupt file.
   * `writeEveryMs` > 0 writes the file at most that often (call `flush()` at the end): a long replay then does not
   * rewrite a large file after every batch; a crash loses at most that much progress, which a rerun redoes safely.
   */
  static async open(path: string, options: { writeEveryMs?: number; now?: () => number } = {}): Promise<FileState> {
    const { doc, stamp } = await readState(path);
    return new FileState(path, doc, stamp, options.writeEveryMs ?? 0, options.now ?? Date.now);
  }

  /** State that is never written anywhere. */
  static inMemory(options: { now?: () => number } = {}): FileState {
    return new FileState(undefined, emptyFile(), undefined, 0, options.now ?? Date.now);
  }

  /** Times the state was saved (the file's `version`). */
  get version(): number {
    return this.doc.version;
  }

  async load(keys: StateKeys): Promise<StateSnapshot> {
    const profiles = new Map<string, Profile>();
    for (const k of keys.principals) {
      const p = this.doc.profiles.get(k);
      if (p) profiles.set(k, JSON.parse(p.json) as Profile);
    }
    const identities = new Map<string, IdentityState>();
    for (const k of keys.identities) {
      const i = this.doc.identities.get(k);
      if (i) identities.set(k, JSON.parse(i.json) as IdentityState);
    }
    return { profiles, identities, tenant: cloneJson(this.doc.tenant) };
  }

  async loadIdentities(keys: readonly string[]): Promise<Map<string, IdentityState>> {
    return (await this.load({ principals: [], identities: [...keys] })).identities;
  }

  /**
   * Like DynamoDbState.save: every item measured as its DynamoDB item first (one over STATE_ITEM_BUDGET fails the
   * save with ItemTooLargeError), then every version checked, then all applied; a failure leaves the state untouched.
   */
  async save(changes: StateChanges): Promise<void> {
    if (changes.profiles.length === 0 && changes.identities.length === 0 && changes.tenant === null) return;
    await this.reloadIfChanged();
    const doc = this.doc;
    const profiles = changes.profiles.map((p) => ({ kind: 'profile' as const, key: p.key, pk: profilePk(p.key), item: bumped(p) }));
    const identities = changes.identities.map((i) => ({ kind: 'identity' as const, key: i.key, pk: identityPk(i.key), item: bumped(i) }));
    const tenant = changes.tenant ? { kind: 'tenant' as const, key: TENANT_PK, pk: TENANT_PK, item: bumped(changes.tenant) } : undefined;
    const oversize: OversizeItem[] = [];
    for (const x of [...profiles, ...identities, ...(tenant ? [tenant] : [])]) {
      const bytes = dynamoBytes(x.pk, x.item);
      if (bytes > STATE_ITEM_BUDGET) oversize.push({ kind: x.kind, key: x.key, pk: x.pk, bytes });
    }
    if (oversize.length > 0) throw new ItemTooLargeError(oversize, STATE_ITEM_BUDGET);
    for (const p of changes.profiles) check(p, doc.profiles.get(p.key)?.version ?? 0);
    for (const i of changes.identities) check(i, doc.identities.get(i.key)?.version ?? 0);
    if (changes.tenant) check(changes.tenant, doc.tenant.version);
    for (const p of profiles) doc.profiles.set(p.key, p.item);
    for (const i of identities) doc.identities.set(i.key, i.item);
    if (changes.tenant) doc.tenant = { ...changes.tenant, version: changes.tenant.version + 1 };
    await this.changed();
  }

  async processed(ids: readonly string[]): Promise<Set<string>> {
    const now = this.now();
    return new Set(ids.filter((id) => (this.doc.batches.get(id) ?? 0) > now));
  }

  /** Records processed batches (forgotten after BATCH_LEDGER_TTL_DAYS, like the DynamoDB items' TTL). */
  async markProcessed(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.reloadIfChanged();
    const now = this.now();
    for (const [id, until] of this.doc.batches) if (until <= now) this.doc.batches.delete(id);
    for (const id of ids) this.doc.batches.set(id, now + BATCH_LEDGER_TTL_DAYS * DAY_MS);
    await this.changed();
  }

  async loadUsernames(): Promise<StoredUsernameBook> {
    return cloneJson(this.doc.usernames);
  }

  async saveUsernames(book: UsernameBook, version: number): Promise<void> {
    await this.reloadIfChanged();
    if (this.doc.usernames.version !== version) throw new StateConflictError('names#salesforce');
    this.doc.usernames = { version: version + 1, book: cloneJson(book) };
    await this.changed();
  }

  /** Another process rewrote the file since we read it (and we hold nothing unwritten): read it again first. */
  private async reloadIfChanged(): Promise<void> {
    if (this.path !== undefined && !this.dirty && (await fileStamp(this.path)) !== this.stamp) {
      ({ doc: this.doc, stamp: this.stamp } = await readState(this.path));
    }
  }

  private async changed(): Promise<void> {
    this.doc.version++;
    this.dirty = true;
    if (Date.now() - this.lastWrite >= this.writeEveryMs) await this.flush();
  }

  /** Writes pending changes to the file (atomically); a no-op in memory or when nothing changed. */
  async flush(): Promise<void> {
    if (!this.dirty) return;
    if (this.path !== undefined) this.stamp = await writeAtomically(this.path, fileText(this.doc));
    this.dirty = false;
    this.lastWrite = Date.now();
  }
}

/** An item may be written only against the version now stored (optimistic concurrency, as in DynamoDB). */
function check(item: { key: string; version: number }, stored: number): void {
  if (item.version !== stored) throw new StateConflictError(item.key);
}

async function readState(path: string): Promise<{ doc: StateFile; stamp: string | undefined }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { doc: emptyFile(), stamp: undefined };
    throw new StateFileError(path, `cannot read: ${(err as Error).message}`, { cause: err });
  }
  const stamp = await fileStamp(path);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new StateFileError(path, `not valid JSON (${(err as Error).message}); fix or remove it to start from empty state`, { cause: err });
  }
  const parsed = StateFileSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new StateFileError(path, `not a Hoardwatch state file (${issues.join('; ')})`);
  }
  const file = parsed.data;
  const items = (r: Record<string, { version: number }>): Map<string, StoredItem> => new Map(Object.entries(r).map(([k, v]) => [k, stored(v)]));
  return {
    doc: {
      version: file.version, profiles: items(file.profiles), identities: items(file.identities), tenant: file.tenant as unknown as TenantState,
      batches: new Map(Object.entries(file.batches ?? {})), usernames: file.usernames ?? { version: 0, book: emptyBook() },
    },
    stamp,
  };
}

/** Identifies the file's current content cheaply (size + mtime + inode), to notice a rewrite by someone else. */
async function fileStamp(path: string): Promise<string | undefined> {
  try {
    const s = await stat(path, { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}`;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateFileError(path, `cannot stat: ${(err as Error).message}`, { cause: err });
  }
}

/** Writes beside the target, flushes, renames over it, flushes the directory entry; returns the new stamp. */
async function writeAtomically(path: string, text: string): Promise<string | undefined> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch((cleanupErr: NodeJS.ErrnoException) => {
      if (cleanupErr.code !== 'ENOENT') throw new StateFileError(path, `cannot remove ${tmp}: ${cleanupErr.message}`, { cause: err });
    });
    throw new StateFileError(path, `cannot write: ${(err as Error).message}`, { cause: err });
  }
  const dir = await open(dirname(path), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
  return fileStamp(path);
}
