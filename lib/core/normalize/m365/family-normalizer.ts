import type { z } from 'zod';
import type { NormalizeOutcome } from '../types.ts';
import { reject } from '../types.ts';
import type { EventBase } from './base-event.ts';

/** One record family (SharePoint files, Exchange mailbox, Teams, …): the raw record plus its common base. */
export type FamilyNormalizer = (raw: Record<string, unknown>, base: EventBase) => NormalizeOutcome;

/** Parses a family's fields; a failure becomes a `bad-shape` reject naming the first offending field. */
export function readFamilyFields<S extends z.ZodType>(
  schema: S,
  raw: Record<string, unknown>,
): { ok: true; data: z.infer<S> } | { ok: false; outcome: NormalizeOutcome } {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, outcome: reject('bad-shape', issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid record') };
}
