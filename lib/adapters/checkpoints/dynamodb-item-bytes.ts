/**
 * An item's size as DynamoDB counts it against the 400 KB limit: attribute names plus values, strings and binary by
 * their bytes, numbers ~1 byte per two digits + 1, sets by their members, lists and maps 3 bytes + 1 per element.
 */
export function dynamoItemBytes(item: Record<string, unknown>): number {
  let n = 0;
  for (const [k, v] of Object.entries(item)) if (v !== undefined) n += Buffer.byteLength(k) + valueBytes(v);
  return n;
}

function valueBytes(v: unknown): number {
  if (typeof v === 'string') return Buffer.byteLength(v);
  if (typeof v === 'number') {
    // Significant digits only: leading and trailing zeros are not stored.
    const digits = String(Math.abs(v)).replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
    return Math.ceil(digits.length / 2) + 1;
  }
  if (typeof v === 'boolean' || v === null) return 1;
  if (v instanceof Uint8Array) return v.byteLength;
  if (v instanceof Set) {
    let n = 0;
    for (const m of v) n += valueBytes(m);
    return n;
  }
  if (Array.isArray(v)) return 3 + v.reduce((n: number, e) => n + valueBytes(e) + 1, 0);
  if (typeof v === 'object') {
    let n = 3;
    for (const [k, e] of Object.entries(v as Record<string, unknown>)) if (e !== undefined) n += Buffer.byteLength(k) + valueBytes(e) + 1;
    return n;
  }
  return 0;
}

/** Under DynamoDB's 400 KB with room to spare: every collector item is checked against this before it is written. */
export const ITEM_BUDGET_BYTES = 350_000;

export class ItemTooLargeError extends Error {
  override readonly name: string = 'ItemTooLargeError';
  constructor(readonly pk: string, readonly bytes: number) {
    super(`${pk}: item of ${bytes} bytes is over the ${ITEM_BUDGET_BYTES}-byte budget; not written`);
  }
}
