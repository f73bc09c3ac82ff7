import { EnvelopeSchema } from '../core/envelope.ts';
import { SourceSchema, type Source } from '../core/event.ts';
import { parseIsoUtc } from '../core/normalize/timestamps.ts';
import type { RawItem } from '../pipeline/raw-item.ts';
import { rawReject } from '../pipeline/raw-item.ts';
import type { ReadPosition } from './read-position.ts';

const SOURCES: ReadonlySet<string> = new Set<string>(SourceSchema.options);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads parsed batch lines (DESIGN.md §3 envelopes) into record items. The hot path is a hand check of exactly what
 * `EnvelopeSchema` accepts, reading the line in place (zod's parsed copy was a per-record allocation); a line it does
 * not pass goes through the schema, so an invalid envelope's reject detail is zod's as before. Every line of a batch
 * carries the same `fetchedAt` or a few: the last one is remembered instead of parsed per line.
 */
export class EnvelopeReader {
  private lastFetchedAt: string | undefined;
  private lastCollectedAt: number | undefined;

  /** The record item of one parsed line, or its `invalid-envelope` reject. */
  item(value: unknown, pos: ReadPosition): RawItem {
    return this.fast(value, pos) ?? slowItem(value, pos);
  }

  private fast(value: unknown, pos: ReadPosition): RawItem | undefined {
    if (!isObject(value) || value['v'] !== 1) return undefined;
    const source = value['source'];
    const stream = value['stream'];
    const id = value['id'];
    const fetchedAt = value['fetchedAt'];
    const record = value['record'];
    if (typeof source !== 'string' || !SOURCES.has(source)) return undefined;
    if (typeof stream !== 'string' || stream.length === 0 || typeof id !== 'string' || id.length === 0) return undefined;
    if (typeof fetchedAt !== 'string' || !isObject(record)) return undefined;
    const collectedAt = this.collectedAt(fetchedAt);
    if (collectedAt === undefined) return undefined;
    return { kind: 'record', source: source as Source, stream, id, record, ref: { file: pos.file, line: pos.line }, collectedAt };
  }

  private collectedAt(fetchedAt: string): number | undefined {
    if (fetchedAt !== this.lastFetchedAt) {
      this.lastCollectedAt = parseIsoUtc(fetchedAt);
      this.lastFetchedAt = fetchedAt;
    }
    return this.lastCollectedAt;
  }
}

/** The schema's verdict: what a line the hand check did not pass becomes (a valid one is read the same way). */
function slowItem(value: unknown, pos: ReadPosition): RawItem {
  const env = EnvelopeSchema.safeParse(value);
  if (!env.success) {
    const issue = env.error.issues[0];
    return rawReject('invalid-envelope', { ...pos }, issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : undefined);
  }
  const e = env.data;
  // The schema checked fetchedAt is a time.
  return { kind: 'record', source: e.source, stream: e.stream, id: e.id, record: e.record, ref: { ...pos }, collectedAt: parseIsoUtc(e.fetchedAt)! };
}
