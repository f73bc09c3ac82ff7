import type { QuarantineLine } from '../../core/envelope.ts';
import { putGzipNdjson } from './s3-put-gzip-ndjson.ts';
import type { S3WriteTarget } from './s3-put-gzip-ndjson.ts';

/** `raw/…/<runId>-<seq>.ndjson.gz` → `quarantine/…/<runId>-<seq>.ndjson.gz`: a batch's rejects sit beside its path. */
export function quarantineKeyFor(batchKey: string): string {
  return `quarantine/${batchKey.replace(/^raw\//, '')}`;
}

/** Writes one batch's rejected records (envelope as far as it was read, plus reason) to `quarantine/` in S3. */
export function writeQuarantine(target: S3WriteTarget, batchKey: string, lines: readonly QuarantineLine[]): Promise<{ uri: string; bytes: number }> {
  return putGzipNdjson(target, quarantineKeyFor(batchKey), lines);
}
