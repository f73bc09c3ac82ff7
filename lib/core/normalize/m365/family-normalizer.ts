import type { z } from 'zod';
import { flatReader, type FlatReader } from '../flat-reader.ts';
import type { NormalizeOutcome } from '../types.ts';
import { reject } from '../types.ts';
import type { EventBase } from './base-event.ts';

/** One record family (SharePoint files, Exchange mailbox, Teams, …): the raw record plus its common base. */
export type FamilyNormalizer = (raw: Record<string, unknown>, base: EventBase) => NormalizeOutcome;

/** Hand readers of the family schemas (flat-reader.ts), null for those zod reads. */
const readers = new WeakMap<z.ZodType, FlatReader | null>();

/** Parses a family's fields (by hand where the schema allows it); a failure becomes a `bad-shape` reject naming the first offending field. */
export function readFamilyFields<S extends z.ZodType>(
  schema: S,
  raw: Record<string, unknown>,
): { ok: true; data: z.infer<S> } | { ok: false; outcome: NormalizeOutcome } {
  let fast = readers.get(schema);
  if (fast === undefined) readers.set(schema, (fast = flatReader(schema) ?? null));
  const data = fast?.(raw);
  if (data) return { ok: true, data: data as z.infer<S> };
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, outcome: reject('bad-shape', issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid record') };
}
