import { z } from 'zod';
import { packDigests, type Digest } from './digest.ts';

/**
 * The digests one step made durable, committed inside the checkpoint item together with the cursor that needs
 * them (one atomic write), then copied into the dedupe buckets. A crash between the two leaves the journal in the
 * checkpoint, and the next run copies it first: the buckets never miss what a checkpoint says was written.
 */
export const JournalSchema = z.object({
  /** Unique per step: becomes the segment id, so copying the journal twice writes the same segments. */
  id: z.string().min(1).regex(/^[A-Za-z0-9._-]+$/),
  /** [bucket key, base64 of packed digests]. */
  buckets: z.array(z.tuple([z.string().min(1), z.string()])),
});
export type Journal = z.infer<typeof JournalSchema>;

/** Digests per bucket, as a step collects them. */
export type BucketDigests = Map<string, Digest[]>;

export function journalOf(id: string, buckets: BucketDigests): Journal {
  return { id, buckets: [...buckets].filter(([, ds]) => ds.length > 0).map(([b, ds]) => [b, packDigests(ds).toString('base64')]) };
}

export const journalDigests = (j: Journal): number => j.buckets.reduce((n, [, b64]) => n + Math.floor((b64.length * 3) / 4 / 8), 0);
