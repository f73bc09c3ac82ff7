import { z } from 'zod';
import { LegacyIdGroupsSchema } from '../dedupe/legacy-ids.ts';

/**
 * Salesforce checkpoint: positions only, a few hundred bytes whatever the volume or the number of RTEM objects.
 * ELF: `(CreatedDate, Id)` of the newest written file, how far into a file a crashed run got, and when the last
 * complete listing was taken; which files were written lives in the dedupe buckets (namespace `elf`, by CreatedDate).
 * RTEM: per object, the end of the last complete EventDate window; the EventIdentifiers written are in the dedupe
 * buckets (by EventDate), so the overlap re-read is exact at any rate. What older cursors kept inline (`files`,
 * `seen`) is carried into the buckets by the first run after an upgrade.
 */
export const ElfCursorSchema = z.object({
  last: z.object({ createdDate: z.number().int(), id: z.string() }).optional(),
  /** A file whose first `rows` rows are written but not the rest. */
  partial: z.object({ id: z.string(), rows: z.number().int().nonnegative() }).optional(),
  /** When the last listing whose files were all written was taken (ms). */
  listedAt: z.number().optional(),
  /** Older cursors only: EventLogFile.Id → CreatedDate (ms) of files written. Carried into the buckets, then gone. */
  files: z.record(z.string(), z.number()).optional(),
});
export type ElfCursor = z.infer<typeof ElfCursorSchema>;

export const RtemCursorSchema = z.object({
  /** Every window ending at or before this was read completely. */
  until: z.number().int().optional(),
  /** Older cursors only: EventIdentifier digests by EventDate minute. Carried into the buckets, then gone. */
  seen: LegacyIdGroupsSchema.optional(),
});
export type RtemCursor = z.infer<typeof RtemCursorSchema>;

export const SalesforceCursorSchema = z.object({
  v: z.literal(1),
  elf: ElfCursorSchema,
  rtem: z.record(z.string(), RtemCursorSchema),
});
export type SalesforceCursor = z.infer<typeof SalesforceCursorSchema>;

/** Dedupe namespace of EventLogFiles written whole (keyed by Id, dated by CreatedDate). */
export const ELF_NS = 'elf';

/** Mutable ELF progress during a run. */
export class ElfProgress {
  last: { createdDate: number; id: string } | undefined;
  partial: { id: string; rows: number } | undefined;
  listedAt: number | undefined;

  constructor(c: ElfCursor, private readonly lookbackMs: number) {
    this.last = c.last;
    this.partial = c.partial;
    this.listedAt = c.listedAt;
  }

  /** Where this run's listing starts: lookback before the newest written file, or the initial start. */
  listFrom(initialMs: number): number {
    return this.last ? this.last.createdDate - this.lookbackMs : initialMs;
  }

  rowsWritten(id: string): number {
    return this.partial?.id === id ? this.partial.rows : 0;
  }

  markRows(id: string, rows: number): void {
    this.partial = { id, rows };
  }

  markFile(id: string, createdDate: number): void {
    if (this.partial?.id === id) this.partial = undefined;
    if (!this.last || createdDate > this.last.createdDate || (createdDate === this.last.createdDate && id > this.last.id)) {
      this.last = { createdDate, id };
    }
  }

  snapshot(): ElfCursor {
    const out: ElfCursor = {};
    if (this.last) out.last = { ...this.last };
    if (this.partial) out.partial = { ...this.partial };
    if (this.listedAt !== undefined) out.listedAt = this.listedAt;
    return out;
  }
}
