import type { Envelope } from '../../core/envelope.ts';
import type { BatchSink } from '../../sources/ports.ts';
import { putGzipNdjson } from './s3-put-gzip-ndjson.ts';
import type { S3WriteTarget } from './s3-put-gzip-ndjson.ts';

/** Collector batches to S3 as gzip NDJSON under the keys of core/envelope.ts `batchKey`. Same key, same content: overwrite. */
export class S3BatchSink implements BatchSink {
  constructor(private readonly target: S3WriteTarget) {}

  write(key: string, envelopes: readonly Envelope[]): Promise<{ uri: string; bytes: number }> {
    return putGzipNdjson(this.target, key, envelopes);
  }
}
