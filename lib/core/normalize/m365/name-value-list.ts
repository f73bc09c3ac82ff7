import { z } from 'zod';
import { compiled } from '../compiled-schema.ts';

/** One `{Name, Value}` (or `{Name, NewValue, OldValue}`) pair of OperationProperties/ExtendedProperties/Parameters. */
const PairSchema = compiled('name/value pair', z.object({
  Name: z.string(),
  Value: z.unknown().optional(),
  NewValue: z.unknown().optional(),
}));

/**
 * Some records carry these lists as JSON inside a string (Elastic "stringly JSON" samples): decode it, and read
 * an undecodable string as an empty list, reported as a schema issue rather than thrown.
 */
const ListSchema = compiled('name/value list', z.union([
  z.array(z.unknown()),
  z.string().transform((text, ctx): unknown[] => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `not JSON: ${err instanceof Error ? err.message : String(err)}` });
      return z.NEVER;
    }
    return Array.isArray(parsed) ? parsed : [];
  }),
]));

const asText = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

/**
 * Reads a vendor Name/Value list into a map keyed by lower-cased name. The value is `Value`, else `NewValue`
 * (Entra ModifiedProperties). Entries that are not pairs are skipped: they carry nothing we can name.
 */
export function readNameValues(raw: unknown): Map<string, string> {
  const out = new Map<string, string>();
  // Most records lack most lists: skip the failing parse (zod builds an error for it) when there is nothing to read.
  if (raw === undefined) return out;
  const list = ListSchema.safeParse(raw);
  if (!list.success) return out;
  for (const item of list.data) {
    const pair = PairSchema.safeParse(item);
    if (!pair.success) continue;
    const value = asText(pair.data.Value) ?? asText(pair.data.NewValue);
    if (value !== undefined) out.set(pair.data.Name.toLowerCase(), value);
  }
  return out;
}

/** `True`/`False` strings (Exchange `IsThrottled`) or booleans; anything else is unknown. */
export function readBool(raw: string | boolean | undefined): boolean | undefined {
  if (typeof raw === 'boolean') return raw;
  const s = raw?.trim().toLowerCase();
  return s === 'true' ? true : s === 'false' ? false : undefined;
}
