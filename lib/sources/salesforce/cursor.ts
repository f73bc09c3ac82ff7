import { z } from 'zod';
import { RecentIds, RecentIdsSchema } from '../dedupe/recent-ids.ts';

/**
 * Salesforce checkpoint. ELF: `(CreatedDate, Id)` of the newest written file, the Ids of files written within the
 * lookback (re-listed every run, since files for old LogDates keep arriving), and how far into a file a crashed run
 * got. RTEM: per object, the end of the last complete EventDate window and the EventIdentifiers seen in the overlap.
 */
export const ElfCursorSchema = z.object({
  last: z.object({ createdDate: z.number().int(), id: z.string() }).optional(),
  /** EventLogFile.Id → CreatedDate (ms) of fully written files. */
  files: z.record(z.string(), z.number()),
  /** A file whose first `rows` rows are written but not the rest. */
  partial: z.object({ id: z.string(), rows: z.number().int().nonnegative() }).optional(),
});
export type ElfCursor = z.infer<typeof ElfCursorSchema>;

export const RtemCursorSchema = z.object({
  /** Every window ending at or before this was read completely. */
  until: z.number().int().optional(),
  seen: RecentIdsSchema,
});
export type RtemCursor = z.infer<typeof RtemCursorSchema>;

export const SalesforceCursorSchema = z.object({
  v: z.literal(1),
  elf: ElfCursorSchema,
  rtem: z.record(z.string(), RtemCursorSchema),
});
export type SalesforceCursor = z.infer<typeof SalesforceCursorSchema>;

/** Mutable ELF progress during a run. */
export class ElfProgress {
  last: { createdDate: number; id: string } | undefined;
  readonly files: Map<string, number>;
  partial: { id: string; rows: number } | undefined;

  constructor(c: ElfCursor, private readonly lookbackMs: number) {
    this.last = c.last;
    this.files = new Map(Object.entries(c.files));
    this.partial = c.partial;
  }

  /** Where this run's listing starts: lookback before the newest written file, or the initial start. */
  listFrom(initialMs: number): number {
    return this.last ? this.last.createdDate - this.lookbackMs : initialMs;
  }

  done(id: string): boolean {
    return this.files.has(id);
  }

  rowsWritten(id: string): number {
    return this.partial?.id === id ? this.partial.rows : 0;
  }

  markRows(id: string, rows: number): void {
    this.partial = { id, rows };
  }

  markFile(id: string, createdDate: number): void {
    this.files.set(id, createdDate);
    if (this.partial?.id === id) this.partial = undefined;
    if (!this.last || createdDate > this.last.createdDate || (createdDate === this.last.createdDate && id > this.last.id)) {
      this.last = { createdDate, id };
    }
  }

  snapshot(): ElfCursor {
    const out: ElfCursor = { files: {} };
    if (this.last) {
      const min = this.last.createdDate - this.lookbackMs;
      out.files = Object.fromEntries([...this.files].filter(([, at]) => at >= min).sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1)));
      out.last = { ...this.last };
    }
    if (this.partial) out.partial = { ...this.partial };
    return out;
  }
}

/** Mutable progress of one RTEM object during a run. */
export class RtemProgress {
  until: number | undefined;
  readonly seen: RecentIds;

  constructor(c: RtemCursor | undefined, private readonly overlapMs: number, private readonly maxIds: number) {
    this.until = c?.until;
    this.seen = RecentIds.from(c?.seen);
  }

  snapshot(): RtemCursor {
    if (this.until !== undefined) this.seen.prune(this.until - this.overlapMs - 60_000, this.maxIds);
    else this.seen.prune(Number.NEGATIVE_INFINITY, this.maxIds);
    const out: RtemCursor = { seen: this.seen.toJSON() };
    if (this.until !== undefined) out.until = this.until;
    return out;
  }
}
