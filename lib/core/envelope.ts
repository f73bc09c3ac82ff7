import { z } from 'zod';
import { SourceSchema } from './event.ts';

/**
 * One line of a raw batch (DESIGN.md §3): the vendor record exactly as sent, wrapped with its stable id.
 * ELF CSV rows are stored as objects keyed by the CSV header.
 */
export const EnvelopeSchema = z.object({
  v: z.literal(1),
  source: SourceSchema,
  stream: z.string().min(1),
  id: z.string().min(1),
  fetchedAt: z.string(),
  // Checked, not copied: z.record would rebuild every vendor record key by key (a hot path).
  record: z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'expected an object'),
});
export type Envelope = z.infer<typeof EnvelopeSchema>;

/** Quarantined record: the envelope (or what could be read of it) plus why it was rejected. */
export type QuarantineLine = Partial<Envelope> & { reason: string; ref?: { file: string; line: number } };

/** `raw/source=<source>/stream=<stream>/dt=YYYY-MM-DD/hour=HH/<runId>-<seq>.ndjson.gz` at collection time (UTC). */
export function batchKey(source: string, stream: string, collectedAt: Date, runId: string, seq: number): string {
  const iso = collectedAt.toISOString();
  const dt = iso.slice(0, 10);
  const hour = iso.slice(11, 13);
  const safeStream = stream.replace(/[^A-Za-z0-9._:-]/g, '_');
  return `raw/source=${source}/stream=${safeStream}/dt=${dt}/hour=${hour}/${runId}-${String(seq).padStart(6, '0')}.ndjson.gz`;
}
