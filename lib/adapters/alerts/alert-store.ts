import type { Alert } from '../../core/alert.ts';

/**
 * How an alert was recorded: `fresh` (first time for its id), `update` (a higher `update` number of an alert already
 * recorded: published again), `duplicate` (that id and update were recorded before: a re-delivered batch).
 */
export type RecordOutcome = 'fresh' | 'update' | 'duplicate';

/** An alert this caller may now publish: nobody else will until the claim is released or goes stale. */
export interface ClaimedAlert {
  /** As stored: a trimmed copy when `trimmed`. */
  alert: Alert;
  update: number;
  trimmed: boolean;
  /** S3 key of the full alert (kept when the record had to be trimmed). */
  archiveKey?: string;
  /** Claims of this version so far, this one included. */
  attempts: number;
}

export type ClaimRefusal = 'sent' | 'busy' | 'parked' | 'missing';
export type ClaimResult = { claimed: ClaimedAlert } | { refused: ClaimRefusal };

export interface UnsentEntry {
  id: string;
  recordedAt: number;
}

export interface UnsentScan {
  /** Oldest first. */
  entries: UnsentEntry[];
  /** Alert records that could not be read: parked (out of the index) with the reason, so they block nothing. */
  malformed: { id: string; reason: string }[];
  /** When the oldest alert still waiting to be sent was recorded (epoch ms), if any. */
  oldestRecordedAt?: number;
}

/**
 * Alerts are recorded before they are published and marked sent after. Publishing is claimed first, so two
 * invocations never publish the same alert version; one that keeps failing is parked with its reason.
 */
export interface AlertStore {
  record(alert: Alert): Promise<RecordOutcome>;
  /** The alert as recorded (its latest version; trimmed when its record had to be), or undefined. */
  get(id: string): Promise<Alert | undefined>;
  claim(id: string, owner: string): Promise<ClaimResult>;
  /** Marks the claimed version sent; false when it was superseded by an update or the claim was lost meanwhile. */
  markSent(id: string, owner: string, update: number): Promise<boolean>;
  /** Gives the claim back after a failed publish; `park` takes the alert out of the retries for good. */
  release(id: string, owner: string, reason: string, park: boolean): Promise<void>;
  /** Alerts waiting to be published, oldest first. */
  unsent(limit?: number): Promise<UnsentScan>;
}
