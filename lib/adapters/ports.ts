import type { Readable } from 'node:stream';

/** Lists and opens stored batches (local directory or S3), in key order. */
export interface BatchSource {
  list(prefix: string): AsyncIterable<string>;
  /** A stream of the object's raw (possibly gzip) bytes: never the whole object in memory. */
  open(key: string): Promise<Readable>;
}
