import { z } from 'zod';
import type { NormalizedEvent } from '../../event.ts';
import type { NormalizeContext } from '../types.ts';
import type { SfParts } from './build-event.ts';
import { sfText } from './field-schemas.ts';
import { compiled } from '../compiled-schema.ts';
import { flatReader } from '../flat-reader.ts';

/**
 * Columns most ELF event types share (api-contracts.md §1.5). Every column is optional: files differ by type and release.
 * Undeclared columns are accepted and left out of the parsed row (zod's default strip): families read only what they
 * declare, and copying every column of a wide ELF row cost more than the rest of the normalizer.
 */
export const ElfBaseSchema = z.object({
  EVENT_TYPE: sfText,
  TIMESTAMP: sfText,
  TIMESTAMP_DERIVED: sfText,
  REQUEST_ID: sfText,
  ORGANIZATION_ID: sfText,
  USER_ID: sfText,
  USER_ID_DERIVED: sfText,
  USER_NAME: sfText,
  USER_TYPE: sfText,
  CLIENT_IP: sfText,
  SOURCE_IP: sfText,
  SESSION_KEY: sfText,
  LOGIN_KEY: sfText,
  REQUEST_STATUS: sfText,
  URI: sfText,
  URI_ID_DERIVED: sfText,
});
export type ElfBaseRow = z.output<typeof ElfBaseSchema>;

export type ElfMapped = { ok: true; row: ElfBaseRow; parts: SfParts } | { ok: false; reason: string; detail: string };

/** One ELF event type (or group of types): the columns it reads and how a row becomes an event. */
export type ElfFamily = (record: Record<string, unknown>, eventType: string, ctx: NormalizeContext) => ElfMapped;

export function elfFamily<S extends z.ZodType<ElfBaseRow>>(
  schema: S,
  map: (row: z.output<S>, eventType: string, ctx: NormalizeContext) => SfParts,
): ElfFamily {
  const rowSchema = compiled('ELF row', schema);
  // Rows are read by hand where the schema allows it; zod parses only a row the reader refuses (for its issue).
  const fast = flatReader(schema);
  return (record, eventType, ctx) => {
    const row = fast?.(record) as z.output<S> | undefined;
    if (row) return { ok: true, row, parts: map(row, eventType, ctx) };
    const parsed = rowSchema.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { ok: false, reason: 'bad-shape', detail: `${eventType}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim() };
    }
    return { ok: true, row: parsed.data, parts: map(parsed.data, eventType, ctx) };
  };
}

/** `REQUEST_STATUS`: S success, F failure, A authorization error, N not found, R redirect, U undefined. */
export function requestOutcome(status: string | undefined): NormalizedEvent['outcome'] | undefined {
  switch (status?.toUpperCase()) {
    case 'S': case 'R': return 'success';
    case 'F': case 'A': case 'N': return 'failure';
    case 'U': return 'unknown';
    default: return undefined;
  }
}

/** A report/record id at the start of an ELF `URI` such as `/00O3X00000C8f8VUAR` or `/0015e00000AbCdE?x=1`. */
export function idFromUriPath(uri: string | undefined): string | undefined {
  const m = uri ? /^\/([a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?)(?:[/?#]|$)/.exec(uri) : null;
  return m?.[1];
}
