import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Alert } from '../../core/alert.ts';
import type { S3WriteTarget } from '../batches/s3-put-gzip-ndjson.ts';
import { S3StoreError, s3Uri } from '../batches/s3-uri.ts';
import type { AlertArchive } from './alert-archive.ts';

/** `alerts/dt=YYYY-MM-DD/<id>.json`, dated by the alert window's end (the activity's day, not the detection's). */
export function alertArchiveKey(alert: Alert): string {
  const end = new Date(alert.window.end);
  const dt = Number.isNaN(end.getTime()) ? 'unknown' : end.toISOString().slice(0, 10);
  return `alerts/dt=${dt}/${alert.id}.json`;
}

/** The long-term copy of each alert in S3 (queryable with Athena; outlives the 90-day DynamoDB record). */
export class S3AlertArchive implements AlertArchive {
  constructor(private readonly target: S3WriteTarget) {}

  async put(alert: Alert): Promise<void> {
    const key = alertArchiveKey(alert);
    try {
      await this.target.client.send(new PutObjectCommand({
        Bucket: this.target.bucket,
        Key: key,
        Body: JSON.stringify(alert),
        ContentType: 'application/json',
        ServerSideEncryption: 'aws:kms',
        ...(this.target.kmsKeyId ? { SSEKMSKeyId: this.target.kmsKeyId } : {}),
      }));
    } catch (err) {
      throw new S3StoreError(s3Uri(this.target.bucket, key), 'PutObject failed', { cause: err });
    }
  }
}
