import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import type { BucketHead, DedupeBackend, SegmentRef } from '../../sources/dedupe/dedupe-backend.ts';
import { segmentKey } from '../../sources/dedupe/dedupe-backend.ts';

export class DedupeFileError extends Error {
  override readonly name: string = 'DedupeFileError';
}

const HeadSchema = z.object({ segments: z.array(z.string()), rev: z.number().int().nonnegative(), expiresAtMs: z.number() });
type Head = z.infer<typeof HeadSchema>;

const safe = (part: string): string => part.replace(/[^A-Za-z0-9._-]/g, '_');

/**
 * Dedupe buckets as files for `hoardwatch collect --state f` (beside it, in `f.dedupe/<source>/`): per bucket a
 * directory with `head.json` and one `<segment>.bin` of packed digests per segment, each written atomically
 * (temp file, fsync, rename). Expired buckets are removed by `sweep`, run at the start of each collection.
 */
export class FileDedupeBackend implements DedupeBackend {
  readonly root: string;

  constructor(dir: string, source: string) {
    this.root = join(resolve(dir), safe(source));
  }

  /** `<state file>.dedupe`: where the CLI keeps buckets next to its checkpoint file. */
  static besideStateFile(stateFile: string, source: string): FileDedupeBackend {
    return new FileDedupeBackend(`${resolve(stateFile)}.dedupe`, source);
  }

  #dir(bucket: string): string {
    const cut = bucket.lastIndexOf('#');
    return join(this.root, safe(bucket.slice(0, cut)), safe(bucket.slice(cut + 1)));
  }

  async #head(bucket: string): Promise<Head | undefined> {
    const path = join(this.#dir(bucket), 'head.json');
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new DedupeFileError(`cannot read ${path}`, { cause: err });
    }
    const r = HeadSchema.safeParse(safeJson(text));
    if (!r.success) throw new DedupeFileError(`${path} is malformed`);
    return r.data;
  }

  async readHeads(buckets: readonly string[]): Promise<Map<string, BucketHead>> {
    const out = new Map<string, BucketHead>();
    for (const b of buckets) {
      const h = await this.#head(b);
      if (h) out.set(b, { segments: h.segments, rev: h.rev });
    }
    return out;
  }

  async readSegments(refs: readonly SegmentRef[]): Promise<Map<string, Uint8Array>> {
    const out = new Map<string, Uint8Array>();
    for (const r of refs) {
      const path = join(this.#dir(r.bucket), `${safe(r.segment)}.bin`);
      try {
        out.set(segmentKey(r), await readFile(path));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new DedupeFileError(`cannot read ${path}`, { cause: err });
      }
    }
    return out;
  }

  async writeSegment(ref: SegmentRef, digests: Uint8Array, _expiresAtMs: number): Promise<void> {
    await writeAtomic(join(this.#dir(ref.bucket), `${safe(ref.segment)}.bin`), digests);
  }

  async addSegments(bucket: string, segments: readonly string[], expiresAtMs: number): Promise<void> {
    const h = (await this.#head(bucket)) ?? { segments: [], rev: 0, expiresAtMs };
    const all = [...new Set([...h.segments, ...segments])].sort();
    await this.#writeHead(bucket, { segments: all, rev: h.rev + 1, expiresAtMs: Math.max(h.expiresAtMs, expiresAtMs) });
  }

  async replaceSegments(bucket: string, rev: number, segments: readonly string[], expiresAtMs: number): Promise<boolean> {
    const h = await this.#head(bucket);
    if ((h?.rev ?? 0) !== rev) return false;
    await this.#writeHead(bucket, { segments: [...segments].sort(), rev: rev + 1, expiresAtMs: Math.max(h?.expiresAtMs ?? 0, expiresAtMs) });
    return true;
  }

  async sweep(nowMs: number): Promise<void> {
    let namespaces: string[];
    try {
      namespaces = await readdir(this.root);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new DedupeFileError(`cannot list ${this.root}`, { cause: err });
    }
    for (const ns of namespaces) {
      for (const hour of await readdir(join(this.root, ns))) {
        const dir = join(this.root, ns, hour);
        const text = await readFile(join(dir, 'head.json'), 'utf8').catch(() => undefined);
        const h = text === undefined ? undefined : HeadSchema.safeParse(safeJson(text));
        if (h?.success && h.data.expiresAtMs <= nowMs) await rm(dir, { recursive: true, force: true });
      }
    }
  }

  async #writeHead(bucket: string, h: Head): Promise<void> {
    await writeAtomic(join(this.#dir(bucket), 'head.json'), Buffer.from(JSON.stringify(h)));
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // reported as malformed by the schema check
  }
}

async function writeAtomic(path: string, data: Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${randomBytes(6).toString('hex')}`;
  try {
    await mkdir(dirname(path), { recursive: true });
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new DedupeFileError(`cannot write ${path}`, { cause: err });
  }
}
