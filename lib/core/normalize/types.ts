import type { Clock } from '../clock.ts';
import type { NormalizedEvent, RawRef } from '../event.ts';

/** What a run gives its normalizers, and the facts they learn while normalizing a stream (pure, per replay/batch run). */
export interface NormalizeContext {
  /** Salesforce: 18-char user id → username, learned from ELF Login rows and RTEM `Username`. */
  sfUsernames: Map<string, string>;
  /**
   * The run's clock: the collection time of records that carry none (vendor files) and the latest a batch can
   * have been fetched. Without it, records without a collection time are held to the absolute floor only.
   */
  clock?: Clock;
}

export const newNormalizeContext = (clock?: Clock): NormalizeContext =>
  clock === undefined ? { sfUsernames: new Map() } : { sfUsernames: new Map(), clock };

/** A normalizer either yields events (one record may yield several, e.g. Teams members) or rejects with a reason. */
export type NormalizeOutcome =
  | { ok: true; events: NormalizedEvent[] }
  | { ok: false; reason: string; detail?: string };

/** Input of a vendor normalizer: one vendor record with its stable id and stream (DESIGN.md §3). */
export interface NormalizeInput {
  record: Record<string, unknown>;
  stream: string;
  id: string;
  ref: RawRef;
  /** When the collector fetched the record (envelope `fetchedAt`, epoch ms); absent for vendor files. */
  collectedAt?: number | undefined;
}

export type Normalizer = (input: NormalizeInput, ctx: NormalizeContext) => NormalizeOutcome;

export const reject = (reason: string, detail?: string): NormalizeOutcome =>
  detail === undefined ? { ok: false, reason } : { ok: false, reason, detail };
