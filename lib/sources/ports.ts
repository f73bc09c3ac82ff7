import type { Envelope } from '../core/envelope.ts';

/**
 * Where collectors put batches (local directory now, S3 in AWS). `write` resolves only once the batch is durable:
 * a collector checkpoints after it, never before.
 */
export interface BatchSink {
  /** Writes one gzip NDJSON batch at `key` (see core/envelope.ts `batchKey`). Idempotent for the same key+content. */
  write(key: string, envelopes: readonly Envelope[]): Promise<{ uri: string; bytes: number }>;
}

/** A stored collector checkpoint: opaque cursor JSON plus a version for conditional writes. */
export interface Checkpoint<C = unknown> {
  cursor: C;
  version: number;
}

/** Per-source checkpoints and run leases (local JSON file now, DynamoDB in AWS). */
export interface CheckpointStore {
  get<C>(source: string): Promise<Checkpoint<C> | null>;
  /** Conditional on `expectedVersion` (0 = must not exist); throws CheckpointConflictError on a lost race. */
  put<C>(source: string, cursor: C, expectedVersion: number): Promise<number>;
  /** True when this owner now holds the lease for `source` until `now + ttlMs`; false when another live owner does. */
  acquireLease(source: string, owner: string, ttlMs: number, now: number): Promise<boolean>;
  releaseLease(source: string, owner: string): Promise<void>;
}

export class CheckpointConflictError extends Error {
  constructor(readonly source: string, options?: ErrorOptions) {
    super(`checkpoint for ${source} changed since it was read`, options);
    this.name = 'CheckpointConflictError';
  }
}

/** Tells the detector a batch is ready (SQS FIFO in AWS; nothing locally). */
export interface HandoffPort {
  notify(msg: { source: string; uri: string; key: string; seq: number; runId: string }): Promise<void>;
}
