import { z } from 'zod';
import { REFUSED, withLeafReader } from './flat-reader.ts';

// Field schemas vendor record schemas are made of, each with its hand-written twin (flat-reader.ts).

/** Optional text that tolerates drift (null, numbers, objects read as absent). */
export const lenientText = withLeafReader(z.string().optional().catch(undefined), (v) => (typeof v === 'string' ? v : undefined));

/** Optional boolean that tolerates drift. */
export const lenientBoolean = withLeafReader(z.boolean().optional().catch(undefined), (v) => (typeof v === 'boolean' ? v : undefined));

/** Optional array of anything (a copy, as zod gives), tolerating drift. */
export const lenientArray = withLeafReader(z.array(z.unknown()).optional().catch(undefined), (v) => (Array.isArray(v) ? v.slice() : undefined));

/** Any value, as is. */
export const anyValue = withLeafReader(z.unknown().optional(), (v) => v);

/** Non-empty text, required: anything else refuses the record. */
export const requiredText = withLeafReader(z.string().min(1), (v) => (typeof v === 'string' && v.length >= 1 ? v : REFUSED));

/** Any plain object, accepted as is (not copied), tolerating drift. */
export const lenientPlainObject = withLeafReader(
  z.custom<Record<string, unknown>>((v) => z.core.util.isPlainObject(v)).optional().catch(undefined),
  (v) => (z.core.util.isPlainObject(v) ? v : undefined),
);
