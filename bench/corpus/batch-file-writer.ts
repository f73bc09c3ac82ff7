import { createWriteStream } from 'node:fs';
import { mkdir, rename, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

/** Lines are gathered into writes of about this size: one zlib call per line would dominate generation. */
const FLUSH_BYTES = 1024 * 1024;

export class CorpusWriteError extends Error {
  constructor(readonly path: string, message: string, options?: ErrorOptions) {
    super(`${path}: ${message}`, options);
    this.name = 'CorpusWriteError';
  }
}

/** What one finished batch file holds. */
export interface WrittenBatch {
  key: string;
  events: number;
  /** Uncompressed NDJSON bytes. */
  bytes: number;
  gzBytes: number;
}

/**
 * One gzip NDJSON batch being written, streamed: lines go through zlib to a temp file, renamed to its final key
 * (which depends on the batch's last record) when closed. Memory stays at one flush buffer per open batch.
 */
export class BatchFileWriter {
  private readonly gzip = createGzip();
  private readonly out: ReturnType<typeof createWriteStream>;
  private pending: string[] = [];
  private pendingBytes = 0;
  events = 0;
  bytes = 0;

  constructor(private readonly root: string, private readonly tmpName: string) {
    this.out = createWriteStream(join(root, tmpName));
    this.gzip.pipe(this.out);
  }

  async add(line: string): Promise<void> {
    this.pending.push(line);
    const n = Buffer.byteLength(line) + 1;
    this.pendingBytes += n;
    this.bytes += n;
    this.events++;
    if (this.pendingBytes >= FLUSH_BYTES) await this.flush();
  }

  /** Finishes the file and moves it to `key` (relative to the corpus root). */
  async close(key: string): Promise<WrittenBatch> {
    await this.flush();
    this.gzip.end();
    const target = join(this.root, key);
    try {
      await finished(this.out);
      await mkdir(dirname(target), { recursive: true });
      await rename(join(this.root, this.tmpName), target);
      return { key, events: this.events, bytes: this.bytes, gzBytes: (await stat(target)).size };
    } catch (err) {
      throw new CorpusWriteError(target, `cannot finish batch file: ${(err as Error).message}`, { cause: err });
    }
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const chunk = `${this.pending.join('\n')}\n`;
    this.pending = [];
    this.pendingBytes = 0;
    if (!this.gzip.write(chunk)) await once(this.gzip, 'drain');
  }
}
