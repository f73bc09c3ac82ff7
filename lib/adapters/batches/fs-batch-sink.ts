import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { createGzip } from 'node:zlib';
import type { Envelope } from '../../core/envelope.ts';
import type { BatchSink } from '../../sources/ports.ts';

export class BatchWriteError extends Error {
  override readonly name: string = 'BatchWriteError';
}

/**
 * BatchSink over a local directory: `<dir>/<key>` as gzip NDJSON, written atomically (temp file in the same
 * directory, fsync, rename, fsync of the directory) so a reader or a crash never sees half a batch, and rewriting
 * a key replaces the batch whole.
 */
export class FsBatchSink implements BatchSink {
  readonly #root: string;

  constructor(dir: string) {
    this.#root = resolve(dir);
  }

  async write(key: string, envelopes: readonly Envelope[]): Promise<{ uri: string; bytes: number }> {
    const path = resolve(this.#root, key);
    if (!path.startsWith(this.#root + sep)) throw new BatchWriteError(`batch key escapes the output directory: ${key}`);
    const dir = dirname(path);
    const tmp = `${path}.tmp-${randomBytes(6).toString('hex')}`;
    try {
      await mkdir(dir, { recursive: true });
      // `flush: true` fsyncs the file before close: the rename below then publishes complete, durable bytes.
      await pipeline(Readable.from(lines(envelopes)), createGzip(), createWriteStream(tmp, { flush: true }));
      await rename(tmp, path);
      await fsyncDir(dir);
      const { size } = await stat(path);
      return { uri: pathToFileURL(path).href, bytes: size };
    } catch (cause) {
      await rm(tmp, { force: true });
      throw new BatchWriteError(`could not write batch ${key} under ${this.#root}`, { cause });
    }
  }
}

function* lines(envelopes: readonly Envelope[]): Generator<string> {
  for (const e of envelopes) yield `${JSON.stringify(e)}\n`;
}

/** Makes the rename itself durable. */
async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
