import { z } from 'zod';
import { JournalSchema } from '../dedupe/journal.ts';

/** A batch that may have been written but was not yet checkpointed: the next write reuses its key. */
export const PendingSchema = z.object({ key: z.string().min(1), seq: z.number().int().nonnegative(), runId: z.string(), stream: z.string() });
export type Pending = z.infer<typeof PendingSchema>;

/** A durable, checkpointed batch whose handoff notice may not have gone out (a crash between the two). */
export const AnnounceSchema = z.object({ key: z.string().min(1), seq: z.number().int().nonnegative(), runId: z.string(), uri: z.string() });
export type Announce = z.infer<typeof AnnounceSchema>;

/** What the last run did, for `hoardwatch collect --status` and the health metrics. */
export const LastRunSchema = z.object({
  runId: z.string(),
  at: z.number(),
  status: z.enum(['completed', 'budget-exhausted', 'vendor-quota', 'failed']),
  written: z.number().int().nonnegative(),
  duplicatesDropped: z.number().int().nonnegative(),
  lateArrivals: z.number().int().nonnegative(),
  offContract: z.number().int().nonnegative(),
  retentionSkips: z.number().int().nonnegative(),
  /** Short, redacted reason of a failed run. */
  error: z.string().max(300).optional(),
});
export type LastRun = z.infer<typeof LastRunSchema>;

export const HealthSchema = z.object({
  /** Newest event time ever written (ms): late arrivals are older than this. */
  newestEventMs: z.number().optional(),
  readThroughMs: z.number().optional(),
  lastRun: LastRunSchema.optional(),
});
export type Health = z.infer<typeof HealthSchema>;

/** What the runner stores per source: the loop's cursor plus the write intent, the journal and health. */
export function storedSchema<C>(cursor: z.ZodType<C>) {
  return z.object({
    cursor: cursor.nullable(),
    pending: PendingSchema.optional(),
    announce: AnnounceSchema.optional(),
    journal: JournalSchema.optional(),
    health: HealthSchema.optional(),
  });
}

export interface Stored<C> {
  cursor: C | null;
  pending?: Pending;
  announce?: Announce;
  journal?: z.infer<typeof JournalSchema>;
  health?: Health;
}

/** Checkpoint items stay under this many bytes of JSON (DynamoDB's item limit is 400 KB). */
export const CHECKPOINT_BUDGET_BYTES = 350_000;

export class CheckpointTooLargeError extends Error {
  override readonly name: string = 'CheckpointTooLargeError';
  constructor(readonly source: string, readonly bytes: number) {
    super(`${source}: checkpoint of ${bytes} bytes is over the ${CHECKPOINT_BUDGET_BYTES}-byte budget; not written`);
  }
}
