import type { Readable } from 'node:stream';
import type { Alert } from '../core/alert.ts';

/** Lists and opens stored batches (local directory or S3), in key order. */
export interface BatchSource {
  list(prefix: string): AsyncIterable<string>;
  /** A stream of the object's raw (possibly gzip) bytes: never the whole object in memory. */
  open(key: string): Promise<Readable>;
}

/** Alerts are recorded before they are published, and marked sent after; unsent ones are retried later. */
export interface AlertStore {
  /** 'new' the first time an alert id is recorded, 'exists' after (a re-delivered batch publishes nothing new). */
  record(alert: Alert): Promise<'new' | 'exists'>;
  markSent(id: string): Promise<void>;
  unsent(limit?: number): Promise<Alert[]>;
}

export interface AlertPublisher {
  publish(alert: Alert): Promise<void>;
}
