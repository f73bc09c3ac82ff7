import { createHash } from 'node:crypto';
import type { Envelope } from '../../core/envelope.ts';
import type { Source } from '../../core/event.ts';

/**
 * A vendor record outside what the collector can rely on (no id, no usable time, not an object…) is not allowed to
 * fail the run: the run would fail the same way forever, and every later record would go uncollected. It is written
 * to the batch like any record, flagged with `offContract: <reason>` (README "Raw batches"); the detector's
 * normalizer checks it again and quarantines it with its own reason. Its id is the vendor's when there is one, else
 * a hash of its content, so a re-served copy is recognised.
 */
export type FlaggedEnvelope = Envelope & { offContract?: string };

export const isOffContract = (e: Envelope): boolean => typeof (e as FlaggedEnvelope).offContract === 'string';

/** Stable content id for a record without a usable vendor id. */
export function contentId(raw: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(raw) ?? String(raw);
  } catch {
    // Too deep (or cyclic) to serialise: such records all share one id, so they are written once.
    text = '[unserialisable record]';
  }
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

export function offContractEnvelope(source: Source, stream: string, fetchedAt: string, raw: unknown, reason: string, id?: string): FlaggedEnvelope {
  const record = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : { value: raw };
  return { v: 1, source, stream, id: id && id.length > 0 ? id : contentId(raw), fetchedAt, record, offContract: reason };
}
