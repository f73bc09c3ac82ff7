import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Alert } from '../../core/alert.ts';
import type { S3WriteTarget } from '../batches/s3-put-gzip-ndjson.ts';
import { S3StoreError, s3Uri } from '../batches/s3-uri.ts';
import type { AlertArchive, AlertCopy } from './alert-archive.ts';

/**
 * `alerts/dt=YYYY-MM-DD/<id>.json`, dated by the alert window's end (the activity's day, not the detection's);
 * an update n of the alert is kept beside it as `<id>.update-<n>.json`.
 */
export function alertArchiveKey(alert: Alert): string {
  const end = new Date(alert.window.end);
  const dt = Number.isNaN(end.getTime()) ? 'unknown' : end.toISOString().slice(0, 10);
  return `alerts/dt=${dt}/${alert.id}${alert.update ? `.update-${alert.update}` : ''}.json`;
}

/** The long-term copy of each alert in S3 (queryable with Athena; outlives the 90-day DynamoDB record). */
export class S3AlertArchive implements AlertArchive {
  constructor(private readonly target: S3WriteTarget) {}

  copyAt(key: string): AlertCopy {
    return { bucket: this.target.bucket, key };
  }

  async put(alert: Alert): Promise<AlertCopy> {
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
    return this.copyAt(key);
  }
}
