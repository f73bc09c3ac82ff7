import { z } from 'zod';
import { uncompiled } from './compiled-schema.ts';

/** What a leaf reader returns for a value its schema refuses (the whole record then goes through zod). */
export const REFUSED: unique symbol = Symbol('refused by the schema');

/** A hand-written twin of one leaf schema: the value zod's parse would give, or REFUSED where zod fails. */
export type LeafReader = (value: unknown) => unknown;

const leaves = new Map<z.ZodType, LeafReader>();

/**
 * Registers `read` as the hand-written twin of `schema` (a field schema used in many record schemas) and returns the
 * schema. test/core/normalize/flat-reader.test.ts holds every registered twin to its schema over hostile values.
 */
export function withLeafReader<T extends z.ZodType>(schema: T, read: LeafReader): T {
  leaves.set(schema, read);
  return schema;
}

/** Every registered leaf schema with its twin (for the equivalence test). */
export const registeredLeaves = (): ReadonlyMap<z.ZodType, LeafReader> => leaves;

export type FlatReader = (record: Record<string, unknown>) => Record<string, unknown> | undefined;

/**
 * A reader for a record schema that is a flat `z.object` (zod's default strip) of registered leaves: the parsed view
 * zod would build, read field by field without zod's per-field dispatch and issue bookkeeping (the normalizers' hot
 * path). `undefined` when a field is refused: the caller parses with zod then, for its issue. No reader (undefined)
 * when the schema is of another kind or has a leaf without a twin: the caller keeps zod for every record. A loose
 * object keeps the record's other keys, as zod's looseObject does.
 * A schema made with `compiled` is read as the schema it was given. As zod does, a field absent from the record is absent from the view; one present is there even when undefined.
 */
export function flatReader(given: z.ZodType): FlatReader | undefined {
  const schema = uncompiled(given);
  if (!(schema instanceof z.ZodObject)) return undefined;
  // Strip (no catchall), or loose (unknown keys kept as they are).
  const catchall = schema._zod.def.catchall;
  const loose = catchall instanceof z.ZodUnknown;
  if (catchall !== undefined && !loose) return undefined;
  const fields: Array<[string, LeafReader]> = [];
  for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const read = leaves.get(field);
    if (!read) return undefined;
    fields.push([key, read]);
  }
  const keys = new Set(fields.map(([key]) => key));
  return (record) => {
    const out: Record<string, unknown> = {};
    for (const [key, read] of fields) {
      if (!(key in record)) {
        // A required field refuses its absence.
        if (read(undefined) === REFUSED) return undefined;
        continue;
      }
      const v = read(record[key]);
      if (v === REFUSED) return undefined;
      out[key] = v;
    }
    // As zod copies a loose object's other keys: own and inherited enumerable ones, never `__proto__`.
    if (loose) for (const key in record) if (key !== '__proto__' && !keys.has(key)) out[key] = record[key];
    return out;
  };
}

/**
 * `schema.optional().catch(undefined)` for a flat object schema, registered with its twin: a nested object read by
 * hand, undefined when absent, not an object, or refused inside (zod's catch). Without a reader for `schema` the
 * result is only the zod schema (records holding it are then read by zod).
 */
export function optionalObject<T extends z.ZodObject>(schema: T) {
  const wrapped = schema.optional().catch(undefined);
  const read = flatReader(schema);
  if (!read) return wrapped;
  return withLeafReader(wrapped, (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? read(v as Record<string, unknown>) : undefined));
}
