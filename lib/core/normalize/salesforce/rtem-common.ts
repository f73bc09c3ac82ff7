import { z } from 'zod';
import type { NormalizeContext } from '../types.ts';
import type { SfParts } from './build-event.ts';
import { sfText } from './field-schemas.ts';
import { compiled } from '../compiled-schema.ts';
import { flatReader } from '../flat-reader.ts';

/**
 * Fields Real-Time Event Monitoring objects share (api-contracts.md §1.7). Other fields are accepted and left out of
 * the parsed row (strip, like ELF rows): families declare what they read.
 */
export const RtemBaseSchema = z.object({
  EventDate: sfText,
  EventIdentifier: sfText,
  UserId: sfText,
  Username: sfText,
  UserType: sfText,
  SourceIp: sfText,
  SessionKey: sfText,
  LoginKey: sfText,
  UserAgent: sfText,
});
export type RtemBaseRow = z.output<typeof RtemBaseSchema>;

export type RtemMapped = { ok: true; row: RtemBaseRow; parts: SfParts } | { ok: false; reason: string; detail: string };
export type RtemFamily = (record: Record<string, unknown>, object: string, ctx: NormalizeContext) => RtemMapped;

export function rtemFamily<S extends z.ZodType<RtemBaseRow>>(
  schema: S,
  map: (row: z.output<S>, object: string, ctx: NormalizeContext) => SfParts,
): RtemFamily {
  const rowSchema = compiled('RTEM row', schema);
  // Rows are read by hand where the schema allows it; zod parses only a row the reader refuses (for its issue).
  const fast = flatReader(schema);
  return (record, object, ctx) => {
    const row = fast?.(record) as z.output<S> | undefined;
    if (row) return { ok: true, row, parts: map(row, object, ctx) };
    const parsed = rowSchema.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { ok: false, reason: 'bad-shape', detail: `${object}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim() };
    }
    return { ok: true, row: parsed.data, parts: map(parsed.data, object, ctx) };
  };
}

/** `FROM <Entity>` of a SOQL query (BulkApiResultEventStore has the query, not the entity). */
export function soqlEntity(query: string | undefined): string | undefined {
  const m = query ? /\bFROM\s+([A-Za-z0-9_]+)/i.exec(query) : null;
  return m?.[1];
}
