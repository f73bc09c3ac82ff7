import type { Alert } from '../../core/alert.ts';

/** Where the full copy of an alert lies (S3). */
export interface AlertCopy {
  bucket: string;
  key: string;
}

/** Where a copy of every alert is kept before it is published (S3 in AWS). Idempotent per alert id and update. */
export interface AlertArchive {
  put(alert: Alert): Promise<AlertCopy>;
  /** The copy stored under `key` (a key `put` returned earlier). */
  copyAt(key: string): AlertCopy;
}
