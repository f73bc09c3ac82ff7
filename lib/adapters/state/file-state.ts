import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { IdentityState, Profile, StateChanges, StateKeys, StatePort, StateSnapshot, TenantState } from '../../core/state.ts';
import { StateConflictError, emptyTenant } from '../../core/state.ts';
import { cloneJson } from '../../core/clone-json.ts';

const FORMAT = 'hoardwatch-state/1';

/**
 * What this adapter relies on: item keys and versions. The rest of each item is the core's (lib/core/state.ts) and
 * evolves with the detectors, so it is kept as written rather than re-declared here (and left to drift).
 */
const Item = z.object({ key: z.string().min(1), version: z.number().int().nonnegative() }).loose();
const TenantItem = z.object({ key: z.literal('tenant'), version: z.number().int().nonnegative(), seen: z.record(z.string(), z.unknown()) }).loose();

/** The `--state` file: the same items DynamoDB holds (DESIGN.md §7), keyed by item key. */
const StateFileSchema = z.object({
  format: z.literal(FORMAT),
  /** Bumped on every save: tells a reader which write it sees. */
  version: z.number().int().nonnegative(),
  profiles: z.record(z.string(), Item),
  identities: z.record(z.string(), Item),
  tenant: TenantItem,
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
}

export class StateFileError extends Error {
  constructor(readonly path: string, message: string, options?: ErrorOptions) {
    super(`state file ${path}: ${message}`, options);
    this.name = 'StateFileError';
  }
}

const emptyFile = (): StateFile => ({ version: 0, profiles: new Map(), identities: new Map(), tenant: emptyTenant() });

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
    `"identities":{${items(doc.identities)}},"tenant":${JSON.stringify(doc.tenant)}}\n`;
}

/**
 * StatePort over one local JSON file (`replay --state`): read whole on open, served from memory (each item as its
 * JSON: a load parses only the items asked for, a save encodes only the items changed), every save merged and
 * written atomically (temp file, fsync, rename, fsync of the directory) so a crash leaves the old
 * or the new file, never half of one. Item writes are conditional on the loaded `version`, like DynamoDB, and
 * bump it; when another process rewrote the file since, it is re-read before the check so no update is lost
 * silently. Without a path the state lives in memory only (a throw-away replay).
 */
export class FileState implements StatePort {
  private dirty = false;
  private lastWrite = 0;

  private constructor(
    readonly path: string | undefined,
    private doc: StateFile,
    private stamp: string | undefined,
    private readonly writeEveryMs: number,
  ) {}

  /**
   * Opens `path` (a missing file is empty state); throws StateFileError for an unreadable or corrupt file.
   * `writeEveryMs` > 0 writes the file at most that often (call `flush()` at the end): a long replay then does not
   * rewrite a large file after every batch; a crash loses at most that much progress, which a rerun redoes safely.
   */
  static async open(path: string, options: { writeEveryMs?: number } = {}): Promise<FileState> {
    const { doc, stamp } = await readState(path);
    return new FileState(path, doc, stamp, options.writeEveryMs ?? 0);
  }

  /** State that is never written anywhere. */
  static inMemory(): FileState {
    return new FileState(undefined, emptyFile(), undefined, 0);
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

  async save(changes: StateChanges): Promise<void> {
    if (changes.profiles.length === 0 && changes.identities.length === 0 && changes.tenant === null) return;
    if (this.path !== undefined && !this.dirty && (await fileStamp(this.path)) !== this.stamp) {
      ({ doc: this.doc, stamp: this.stamp } = await readState(this.path));
    }
    const doc = this.doc;
    // Check every item first, then apply in place: a conflict leaves the state untouched.
    for (const p of changes.profiles) check(p, doc.profiles.get(p.key)?.version ?? 0);
    for (const i of changes.identities) check(i, doc.identities.get(i.key)?.version ?? 0);
    if (changes.tenant) check(changes.tenant, doc.tenant.version);
    for (const p of changes.profiles) doc.profiles.set(p.key, bumped(p));
    for (const i of changes.identities) doc.identities.set(i.key, bumped(i));
    if (changes.tenant) doc.tenant = { ...changes.tenant, version: changes.tenant.version + 1 };
    doc.version++;
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
    doc: { version: file.version, profiles: items(file.profiles), identities: items(file.identities), tenant: file.tenant as unknown as TenantState },
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
