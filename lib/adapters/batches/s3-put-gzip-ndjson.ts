import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { safeJsonLine } from './json-line-safe.ts';
import { S3StoreError, s3Uri } from './s3-uri.ts';

const gzipAsync = promisify(gzip);

export interface S3WriteTarget {
  client: S3Client;
  bucket: string;
  /** KMS key for SSE-KMS; without it S3 uses the bucket's default KMS key (the header still asks for aws:kms). */
  kmsKeyId?: string;
}

/**
 * Writes lines as one gzip NDJSON object, SSE-KMS; resolves once S3 has it (durable). A line that cannot be
 * serialized whole (nested too deep for JSON.stringify) is written with its nesting cut rather than failing them all.
 */
export async function putGzipNdjson(target: S3WriteTarget, key: string, lines: readonly unknown[]): Promise<{ uri: string; bytes: number }> {
  const uri = s3Uri(target.bucket, key);
  const text = lines.map(safeJsonLine).join('\n') + (lines.length > 0 ? '\n' : '');
  const body = await gzipAsync(Buffer.from(text, 'utf8'));
  try {
    await target.client.send(new PutObjectCommand({
      Bucket: target.bucket,
      Key: key,
      Body: body,
      ContentType: 'application/x-ndjson',
      ContentEncoding: 'gzip',
      ServerSideEncryption: 'aws:kms',
      ...(target.kmsKeyId ? { SSEKMSKeyId: target.kmsKeyId } : {}),
    }));
  } catch (err) {
    throw new S3StoreError(uri, 'PutObject failed', { cause: err });
  }
  return { uri, bytes: body.length };
}
