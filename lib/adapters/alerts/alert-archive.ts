import type { Alert } from '../../core/alert.ts';

/** Where a copy of every alert is kept before it is published (S3 in AWS). Idempotent per alert id. */
export interface AlertArchive {
  put(alert: Alert): Promise<void>;
}
