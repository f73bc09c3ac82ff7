import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import type { BatchSource } from '../ports.ts';

/** Read buffer per file: large reads keep gunzip and line splitting busy (toolchain.md). */
const READ_CHUNK = 256 * 1024;

export class BatchKeyError extends Error {
  constructor(readonly key: string, message: string) {
    super(message);
    this.name = 'BatchKeyError';
  }
}

/**
 * BatchSource over a local directory: keys are `/`-separated paths relative to `root`, listed recursively in key
 * order like S3 ListObjectsV2. Hidden entries (`.name`) are skipped: they are OS or editor droppings, not batches.
 */
export class FsBatchSource implements BatchSource {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async *list(prefix: string): AsyncIterable<string> {
    const keys: string[] = [];
    await this.walk(this.root, keys);
    keys.sort();
    for (const k of keys) if (k.startsWith(prefix)) yield k;
  }

  async open(key: string): Promise<Readable> {
    const path = resolve(this.root, ...key.split('/'));
    const rel = relative(this.root, path);
    if (rel === '' || rel.startsWith('..') || rel.split(sep)[0] === '..') {
      throw new BatchKeyError(key, `key ${key} is outside ${this.root}`);
    }
    const stream = createReadStream(path, { highWaterMark: READ_CHUNK });
    // Surface a missing/unreadable file here rather than at the first read.
    await new Promise<void>((ok, fail) => {
      stream.once('open', () => ok());
      stream.once('error', fail);
    });
    return stream;
  }

  private async walk(dir: string, out: string[]): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const full = join(dir, e.name);
      if (e.isDirectory()) await this.walk(full, out);
      else if (e.isFile()) out.push(relative(this.root, full).split(sep).join('/'));
    }
  }
}
