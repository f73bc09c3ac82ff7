import { z } from 'zod';
import { SourceSchema } from './event.ts';
import { parseIsoUtc } from './normalize/timestamps.ts';

/**
 * One line of a raw batch (DESIGN.md §3): the vendor record exactly as sent, wrapped with its stable id.
 * ELF CSV rows are stored as objects keyed by the CSV header.
 */
export const EnvelopeSchema = z.object({
  v: z.literal(1),
  source: SourceSchema,
  stream: z.string().min(1),
  id: z.string().min(1),
  // The collection time bounds the record's own time (normalize/time-plausibility.ts): it must be one.
  fetchedAt: z.string().refine((s) => parseIsoUtc(s) !== undefined, 'expected an ISO 8601 time'),
  // Checked, not copied: z.record would rebuild every vendor record key by key (a hot path).
  record: z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'expected an object'),
});
export type Envelope = z.infer<typeof EnvelopeSchema>;

/** Quarantined record: the envelope (or what could be read of it) plus why it was rejected (see quarantine-json.ts). */
export type QuarantineLine = Partial<Envelope> & { reason: string; detail?: string; ref?: { file: string; line: number } };

/**
 * The stream as a key segment. `:` (`elf:API`, `rtem:ApiEvent`) is not allowed in Windows file names, so it is
 * written `~`, which no stream name contains and which sorts after `:` (a directory of old and new keys of one stream
 * lists the old, earlier batches first). Any other character outside [A-Za-z0-9._-] becomes `_` (no stream has one).
 */
export function streamSegment(stream: string): string {
  return stream.replace(/[^A-Za-z0-9._:-]/g, '_').replace(/:/g, '~');
}

/**
 * `raw/source=<source>/stream=<segment>/dt=YYYY-MM-DD/hour=HH/<runId>-<seq>.ndjson.gz` at collection time (UTC),
 * e.g. `raw/source=salesforce/stream=elf~API/dt=2026-11-22/hour=03/<runId>-000001.ndjson.gz`.
 */
export function batchKey(source: string, stream: string, collectedAt: Date, runId: string, seq: number): string {
  const iso = collectedAt.toISOString();
  const dt = iso.slice(0, 10);
  const hour = iso.slice(11, 13);
  return `raw/source=${source}/stream=${streamSegment(stream)}/dt=${dt}/hour=${hour}/${runId}-${String(seq).padStart(6, '0')}.ndjson.gz`;
}

/** The stream a batch key names, from new keys (`stream=elf~API`) and keys written before (`stream=elf:API`) alike. */
export function streamOfKey(key: string): string | undefined {
  const m = /(?:^|\/)stream=([^/]+)\//.exec(key);
  return m ? m[1]!.replace(/~/g, ':') : undefined;
}
