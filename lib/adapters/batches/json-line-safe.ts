/** Nesting kept in a quarantined record: far beyond any vendor's, far below what JSON.stringify's recursion survives. */
export const MAX_DEPTH = 64;

const DEEPER = `[nested deeper than ${MAX_DEPTH} levels: cut]`;

/**
 * `value` with everything nested deeper than `maxDepth` replaced by a marker string. Recursion stops at
 * `maxDepth`, so this never overflows the stack however deep the input (JSON.parse accepts depths that
 * JSON.stringify then cannot write back: a record 10,000 levels deep made the quarantine write throw RangeError).
 */
export function capDepth(value: unknown, maxDepth = MAX_DEPTH): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (maxDepth <= 0) return DEEPER;
  if (Array.isArray(value)) return value.map((v) => capDepth(v, maxDepth - 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    // Own keys as data ("__proto__" included), not as the prototype setter.
    Object.defineProperty(out, k, { value: capDepth(v, maxDepth - 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * One NDJSON line for `value`, whatever it holds: as is when it serializes, else (too deep, a BigInt, a cycle)
 * with its nesting cut at MAX_DEPTH, else a marker naming why it could not be written.
 */
export function safeJsonLine(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    // Fall through to the bounded copy: the failure is a property of the record, which is quarantined anyway.
  }
  try {
    return JSON.stringify(capDepth(value));
  } catch (err) {
    return JSON.stringify({ unserializable: err instanceof Error ? err.message : String(err) });
  }
}
