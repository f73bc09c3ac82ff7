/**
 * Item sizes as DynamoDB counts them, and the budgets every write is held to before it is sent. An item over
 * DynamoDB's 400 KB limit fails with a ValidationException that no retry cures: a batch touching it would fail on
 * every delivery, so items are measured first and a budget well under the limit is enforced.
 */

/** DynamoDB's hard limit per item (attribute names + values), 400 KB. */
export const DYNAMODB_ITEM_LIMIT = 400 * 1024;
/** Profile, identity, tenant and other state items: the last guard after the core's own shedding. */
export const STATE_ITEM_BUDGET = 350 * 1024;
/** Alert records above this are stored trimmed, with the full alert in S3 (also keeps unsent queries pages small). */
export const ALERT_ITEM_BUDGET = 200 * 1024;

const utf8 = (s: string): number => Buffer.byteLength(s, 'utf8');

/**
 * A number is stored as base-100 digit pairs aligned on the decimal point (leading and trailing zero pairs
 * dropped), plus one byte, plus one more when negative: 1.5 is two pairs (01.50), 12.34 two, 123.456 four.
 * (Checked against DynamoDB Local's 400 KB limit; the developer guide gives only the approximation.)
 */
function numberBytes(n: number): number {
  if (!Number.isFinite(n)) return 21; // not storable as a number; count the maximum rather than under-count
  if (n === 0) return 1;
  const [mantissa, exp] = Math.abs(n).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '').replace(/0+$/, '');
  const first = Number(exp); // decimal position of the first digit
  const last = first - digits.length + 1;
  const pairs = Math.floor(first / 2) - Math.floor(last / 2) + 1;
  return pairs + 1 + (n < 0 ? 1 : 0);
}

/** Size of one attribute value (the document client's JS form: string, number, boolean, null, array, Set, object, bytes). */
export function valueBytes(v: unknown): number {
  switch (typeof v) {
    case 'string':
      return utf8(v);
    case 'number':
      return numberBytes(v);
    case 'bigint':
      return Math.ceil(v.toString().replace('-', '').length / 2) + 1;
    case 'boolean':
      return 1;
    case 'undefined':
      return 0;
    case 'object':
      break;
    default:
      return utf8(String(v));
  }
  if (v === null) return 1;
  if (v instanceof Uint8Array) return v.byteLength;
  if (v instanceof Set) {
    let n = 0;
    for (const x of v) n += valueBytes(x);
    return n;
  }
  // Lists and maps: 3 bytes, plus 1 byte per element (a map element also counts its name).
  if (Array.isArray(v)) {
    let n = 3;
    for (const x of v) n += 1 + valueBytes(x);
    return n;
  }
  let n = 3;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (x === undefined) continue;
    n += 1 + utf8(k) + valueBytes(x);
  }
  return n;
}

/** An item's size as DynamoDB counts it: every attribute's name (UTF-8 bytes) plus its value. */
export function itemBytes(item: Record<string, unknown>): number {
  let n = 0;
  for (const [name, v] of Object.entries(item)) {
    if (v === undefined) continue; // the document client drops undefined attributes
    n += utf8(name) + valueBytes(v);
  }
  return n;
}

/** One item over its budget at write time. */
export interface OversizeItem {
  kind: 'profile' | 'identity' | 'tenant' | 'other';
  /** The item's key as the caller knows it (principal key, identity key, `tenant`, …). */
  key: string;
  /** Its DynamoDB partition key. */
  pk: string;
  bytes: number;
}

/**
 * A state write refused before anything was sent because items were over budget. `key` and `bytes` name the
 * largest; `items` lists all of them. Nothing of the save was written: the caller may save again without them.
 */
export class ItemTooLargeError extends Error {
  readonly key: string;
  readonly bytes: number;

  constructor(readonly items: readonly OversizeItem[], readonly budget: number) {
    const largest = [...items].sort((a, b) => b.bytes - a.bytes)[0]!;
    super(`${items.length} state item(s) over the ${budget}-byte budget; largest ${largest.pk} is ${largest.bytes} bytes`);
    this.name = 'ItemTooLargeError';
    this.key = largest.key;
    this.bytes = largest.bytes;
  }
}
