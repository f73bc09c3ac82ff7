import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { CheckpointConflictError, type Checkpoint, type CheckpointStore } from '../../sources/ports.ts';

export class CheckpointFileError extends Error {
  override readonly name: string = 'CheckpointFileError';
}

const CollectorsSchema = z.object({
  checkpoints: z.record(z.string(), z.object({ cursor: z.unknown(), version: z.number().int().positive() })).default({}),
  leases: z.record(z.string(), z.object({ owner: z.string(), expiresAt: z.number() })).default({}),
});
type Collectors = z.infer<typeof CollectorsSchema>;

/** The file may also hold other state (the `--state` file of replay); we own only the `collectors` key. */
const FileSchema = z.looseObject({ collectors: CollectorsSchema.optional() });

export interface FileCheckpointStoreOptions {
  /** A lock file older than this is taken to belong to a dead process (ms, default 30 000). */
  staleLockMs?: number;
  /** How long to wait for the lock before failing (ms, default 10 000). */
  lockWaitMs?: number;
}

/**
 * CheckpointStore over one JSON file: every operation is a read-modify-write under a lock file (`<file>.lock`,
 * created exclusively, so separate processes are serialised too), and the file is replaced atomically
 * (temp + fsync + rename). `put` is conditional on the version, leases expire at `now + ttl`.
 */
export class FileCheckpointStore implements CheckpointStore {
  readonly #path: string;
  readonly #opts: Required<FileCheckpointStoreOptions>;
  #local: Promise<unknown> = Promise.resolve();

  constructor(path: string, opts: FileCheckpointStoreOptions = {}) {
    this.#path = resolve(path);
    this.#opts = { staleLockMs: opts.staleLockMs ?? 30_000, lockWaitMs: opts.lockWaitMs ?? 10_000 };
  }

  async get<C>(source: string): Promise<Checkpoint<C> | null> {
    const { collectors } = await this.#read();
    const cp = collectors.checkpoints[source];
    return cp ? { cursor: cp.cursor as C, version: cp.version } : null;
  }

  put<C>(source: string, cursor: C, expectedVersion: number): Promise<number> {
    return this.#update((c) => {
      const current = c.checkpoints[source]?.version ?? 0;
      if (current !== expectedVersion) throw new CheckpointConflictError(source);
      c.checkpoints[source] = { cursor, version: current + 1 };
      return current + 1;
    });
  }

  acquireLease(source: string, owner: string, ttlMs: number, now: number): Promise<boolean> {
    return this.#update((c) => {
      const lease = c.leases[source];
      if (lease && lease.owner !== owner && lease.expiresAt > now) return false;
      c.leases[source] = { owner, expiresAt: now + ttlMs };
      return true;
    });
  }

  async releaseLease(source: string, owner: string): Promise<void> {
    await this.#update((c) => {
      if (c.leases[source]?.owner === owner) delete c.leases[source];
    });
  }

  async #read(): Promise<{ doc: z.infer<typeof FileSchema>; collectors: Collectors }> {
    let text: string;
    try {
      text = await readFile(this.#path, 'utf8');
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return { doc: {}, collectors: { checkpoints: {}, leases: {} } };
      throw new CheckpointFileError(`cannot read state file ${this.#path}`, { cause });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw new CheckpointFileError(`state file ${this.#path} is not valid JSON`, { cause });
    }
    const parsed = FileSchema.safeParse(json);
    if (!parsed.success) throw new CheckpointFileError(`state file ${this.#path} has an unexpected shape: ${parsed.error.issues[0]?.message ?? ''}`);
    return { doc: parsed.data, collectors: parsed.data.collectors ?? { checkpoints: {}, leases: {} } };
  }

  /** Serialised in-process by a promise chain and across processes by the lock file. */
  #update<T>(change: (c: Collectors) => T): Promise<T> {
    const run = this.#local.then(() => this.#withLock(async () => {
      const { doc, collectors } = await this.#read();
      const result = change(collectors);
      await this.#writeAtomic({ ...doc, collectors });
      return result;
    }));
    this.#local = run.catch(() => undefined);
    return run;
  }

  async #withLock<T>(fn: () => Promise<T>): Promise<T> {
    const lock = `${this.#path}.lock`;
    await mkdir(dirname(this.#path), { recursive: true });
    const deadline = Date.now() + this.#opts.lockWaitMs;
    for (;;) {
      try {
        const fh = await open(lock, 'wx');
        await fh.close();
        break;
      } catch (cause) {
        if ((cause as NodeJS.ErrnoException).code !== 'EEXIST') throw new CheckpointFileError(`cannot lock ${this.#path}`, { cause });
        const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
        if (age > this.#opts.staleLockMs) {
          await rm(lock, { force: true });
          continue;
        }
        if (Date.now() > deadline) throw new CheckpointFileError(`state file ${this.#path} is locked by another process (${lock})`);
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    try {
      return await fn();
    } finally {
      await rm(lock, { force: true });
    }
  }

  async #writeAtomic(doc: unknown): Promise<void> {
    const tmp = `${this.#path}.tmp-${randomBytes(6).toString('hex')}`;
    try {
      const fh = await open(tmp, 'w');
      try {
        await fh.writeFile(`${JSON.stringify(doc, null, 2)}\n`);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, this.#path);
      const dir = await open(dirname(this.#path), 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    } catch (cause) {
      await rm(tmp, { force: true });
      throw new CheckpointFileError(`cannot write state file ${this.#path}`, { cause });
    }
  }
}
