import type { QuarantineLine } from './envelope.ts';

/** Deepest nesting of a vendor record kept in quarantine: real records nest a few levels (M365 ~5). */
export const QUARANTINE_MAX_DEPTH = 32;

/** Most of a vendor record kept in one quarantine line (JSON bytes, estimated): the rest is cut with a marker. */
export const QUARANTINE_MAX_RECORD_BYTES = 64 * 1024;

export interface RecordLimits {
  maxDepth: number;
  maxBytes: number;
}

const DEFAULT_LIMITS: RecordLimits = { maxDepth: QUARANTINE_MAX_DEPTH, maxBytes: QUARANTINE_MAX_RECORD_BYTES };

interface Budget {
  left: number;
  truncated: boolean;
}

/**
 * A copy of a vendor record that JSON.stringify can always write, and small: nesting below `maxDepth` becomes a
 * marker string (JSON.stringify recurses and overflows the stack at ~10k levels, which JSON.parse accepts), and once
 * about `maxBytes` of JSON are kept, long strings are cut and further fields and items are replaced by a marker.
 * Object keys such as `__proto__` stay plain data. `truncated` says whether anything was cut.
 */
export function boundRecord(value: unknown, limits: RecordLimits = DEFAULT_LIMITS): { value: unknown; truncated: boolean } {
  const budget: Budget = { left: limits.maxBytes, truncated: false };
  return { value: prune(value, 0, limits.maxDepth, budget), truncated: budget.truncated };
}

function prune(v: unknown, depth: number, maxDepth: number, budget: Budget): unknown {
  switch (typeof v) {
    case 'string':
      return pruneString(v, budget);
    case 'number':
    case 'boolean':
      budget.left -= 8;
      return v;
    case 'bigint':
      return pruneString(v.toString(), budget);
    case 'object':
      break;
    default:
      return undefined; // undefined, functions, symbols: JSON leaves them out too
  }
  if (v === null) return null;
  if (depth >= maxDepth) {
    budget.truncated = true;
    return `[truncated: nested deeper than ${maxDepth} levels]`;
  }
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (let i = 0; i < v.length; i++) {
      if (budget.left <= 0) {
        budget.truncated = true;
        out.push(`[truncated: ${v.length - i} more items]`);
        break;
      }
      budget.left -= 1;
      out.push(prune(v[i], depth + 1, maxDepth, budget) ?? null);
    }
    return out;
  }
  // No prototype: a `__proto__` key is then an ordinary own field, not the object's prototype.
  const out = Object.create(null) as Record<string, unknown>;
  const keys = Object.keys(v);
  for (let i = 0; i < keys.length; i++) {
    if (budget.left <= 0) {
      budget.truncated = true;
      out['$truncated'] = `${keys.length - i} more fields not kept`;
      break;
    }
    const key = keys[i]!;
    budget.left -= key.length + 4;
    const x = prune((v as Record<string, unknown>)[key], depth + 1, maxDepth, budget);
    if (x !== undefined) out[key] = x;
  }
  return out;
}

function pruneString(s: string, budget: Budget): string {
  const cost = s.length + 2;
  if (cost <= budget.left) {
    budget.left -= cost;
    return s;
  }
  budget.truncated = true;
  const keep = Math.max(0, budget.left - 2);
  budget.left = 0;
  return `${s.slice(0, keep)}…[truncated: ${s.length - keep} more characters]`;
}

/**
 * One quarantine NDJSON line (without the newline) whatever the record: reason, detail and ref first, then the
 * envelope fields, the record bounded by boundRecord, and `recordTruncated: true` when it was cut. Shared by the CLI
 * `--quarantine` file and the detect Lambda's quarantine writer.
 */
export function quarantineJson(line: QuarantineLine, limits: RecordLimits = DEFAULT_LIMITS): string {
  const { reason, detail, ref, record, ...envelope } = line;
  const head: Record<string, unknown> = { reason };
  if (detail !== undefined) head['detail'] = detail;
  if (ref !== undefined) head['ref'] = ref;
  // Envelope fields are short, except when forged: they are bounded like the record.
  const rest = boundRecord(envelope, limits);
  if (record === undefined) return JSON.stringify(Object.assign(head, rest.value));
  const bounded = boundRecord(record, limits);
  return JSON.stringify(Object.assign(head, rest.value, { record: bounded.value }, bounded.truncated || rest.truncated ? { recordTruncated: true } : {}));
}
