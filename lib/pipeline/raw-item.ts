import type { RawRef, Reject, Source } from '../core/event.ts';

/** One vendor record read from a batch or a vendor file, before normalization. */
export interface RawRecordItem {
  kind: 'record';
  source: Source;
  /** DESIGN.md §3 stream: `audit`, `Audit.SharePoint`, `elf:Report`, `rtem:ApiEvent`, … */
  stream: string;
  /** Stable id (DESIGN.md §3). */
  id: string;
  record: Record<string, unknown>;
  ref: RawRef;
  /** When the collector fetched it (envelope `fetchedAt`, epoch ms): bounds the record's own time. Vendor files have none. */
  collectedAt?: number;
}

/**
 * Something that could not even be read as a record (bad gzip, malformed JSON line, unknown format…), or a record
 * read but refused before normalization (`record` then holds it, for quarantine, and it counts as read).
 */
export interface RawRejectItem {
  kind: 'reject';
  reject: Reject;
  record?: RawRecordItem;
}

/** What readers yield and the pipeline consumes. */
export type RawItem = RawRecordItem | RawRejectItem;

export const rawReject = (reason: string, ref: RawRef, detail?: string, source?: Source): RawRejectItem => ({
  kind: 'reject',
  reject: { reason, ref, ...(detail === undefined ? {} : { detail }), ...(source === undefined ? {} : { source }) },
});
