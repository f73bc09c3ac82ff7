import { z } from 'zod';
import { REFUSED, withLeafReader } from '../flat-reader.ts';

/**
 * Field readers for Salesforce records. ELF CSV rows carry every value as a string ('' when missing, numbers
 * as `"136.0"`); SOQL rows carry numbers, strings and nulls. Both read through these schemas.
 */
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]).optional();

/** Trimmed text, or undefined when missing, null or blank. */
export const sfText = withLeafReader(scalar.transform((v) => textOf(v)), (v) => (isScalar(v) ? textOf(v) : REFUSED));

/** A finite number from a number or numeric string (`"136.0"`), else undefined (never NaN). */
export const sfNumber = withLeafReader(scalar.transform((v) => toNumber(v)), (v) => (isScalar(v) ? toNumber(v) : REFUSED));

/** A row/item count: a non-negative finite number, else undefined. */
export const sfCount = withLeafReader(scalar.transform((v) => countOf(v)), (v) => (isScalar(v) ? countOf(v) : REFUSED));

/** What `scalar` accepts: zod's number is finite. */
function isScalar(v: unknown): v is string | number | boolean | null | undefined {
  return v === undefined || v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

function textOf(v: string | number | boolean | null | undefined): string | undefined {
  if (v === null || v === undefined) return undefined;
  const s = String(v).trim();
  return s === '' ? undefined : s;
}

function countOf(v: unknown): number | undefined {
  const n = toNumber(v);
  return n !== undefined && n >= 0 ? n : undefined;
}

export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.trim().replace(/,/g, '');
  if (!/^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** Comma-separated list (`QueriedEntities`, `PREFIXES_SEARCHED`) → trimmed non-empty items, or undefined. */
export function splitList(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const items = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return items.length ? [...new Set(items)] : undefined;
}

/** A user-agent value: ELF quotes some (`"Mozilla/5.0 …"`) and RestApi puts a numeric client code there. */
export function cleanUserAgent(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const s = raw.replace(/^"+|"+$/g, '').trim();
  if (s === '' || /^\d+$/.test(s)) return undefined;
  return s;
}
