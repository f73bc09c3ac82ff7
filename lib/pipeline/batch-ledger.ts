/**
 * The durable record of processed batches (DESIGN.md §1 "reprocessing a batch must not count its events twice"):
 * written after a batch's state is saved and checked before one is detected, so a batch re-delivered or replayed
 * any time later changes nothing. Profiles also keep the markers of their last batches; those only cover recent
 * ones, this covers all of them for `BATCH_LEDGER_TTL_DAYS`.
 */
export interface BatchLedger {
  /** The subset of `ids` recorded as processed (and not yet expired). */
  processed(ids: readonly string[]): Promise<Set<string>>;
  /** Records `ids` as processed (idempotent); called only once the batch's state changes are saved. */
  markProcessed(ids: readonly string[]): Promise<void>;
}

/** How long a processed batch is remembered: past raw-batch retention and any backfill of a year of data. */
export const BATCH_LEDGER_TTL_DAYS = 400;

/** Ledger id of a raw batch object (what the detect Lambda knows before reading it). */
export const objectLedgerId = (uri: string): string => `object:${uri}`;
