import { createHash } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync, constants as zlib } from 'node:zlib';

/**
 * How a state item's body (the core's JSON: profile, identity or tenant) is stored in DynamoDB: one binary attribute
 * `b` holding a format byte and Brotli-compressed text. DynamoDB bills writes per 1 KB and reads per 4 KB of the
 * item, and counts a binary attribute's raw bytes: 66-day profiles of ~7 kB of JSON shrink to about a fifth.
 *
 * The text is the item's batch markers (`batches`, JSON, or empty) on the first line and the rest of the item (JSON,
 * without `version`, which is a plain attribute) on the second. The markers are kept apart so that an item can be
 * compared with what was read without them (`contentDigest`): a profile whose only change is the marker of the
 * batch just folded is not written (see DynamoDbState.save). JSON.stringify never emits a raw newline.
 */
export const BODY_ATTR = 'b';

/** First byte of a body: Brotli of the two-line text. Another codec gets another byte; readers refuse unknown ones. */
const FORMAT_BROTLI_TEXT = 1;

/**
 * Brotli quality 5 with the text-mode hint. On the bench's profiles (bench/README.md, "State item encoding") it keeps
 * 0.30 of the JSON; quality 11 keeps 0.27 at ~13× the CPU, deflate (level 6) 0.305 at less CPU, MessagePack or CBOR
 * 0.70 alone and 0.31 compressed (a dependency for nothing). Writes are billed per 1 KB, so size decides the cost.
 */
const BROTLI_QUALITY = 5;

/** No stored body decompresses to more (items are < 400 KB compressed; the core keeps JSON ≤ 300 KB). */
const MAX_TEXT_BYTES = 16 * 1024 * 1024;

export class StateItemCodecError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StateItemCodecError';
  }
}

/** An item's body split for comparison: the markers' JSON and the content's JSON. */
export interface BodyText {
  markers: string;
  content: string;
}

/** Splits a state item (the core's object) into markers and content JSON; `version` is left out (a plain attribute). */
export function bodyText<T extends { version: number; batches?: unknown }>(item: T): BodyText {
  const { version: _version, batches, ...rest } = item;
  return { markers: batches === undefined ? '' : JSON.stringify(batches), content: JSON.stringify(rest) };
}

/** A short digest of an item's content (markers excluded): equal digests mean the write would change nothing but markers. */
export function contentDigest(text: BodyText): string {
  return createHash('sha256').update(text.content).digest('base64url').slice(0, 22);
}

export function encodeBody(text: BodyText): Uint8Array {
  const utf8 = Buffer.from(`${text.markers}\n${text.content}`, 'utf8');
  const packed = brotliCompressSync(utf8, {
    params: {
      [zlib.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
      [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
      [zlib.BROTLI_PARAM_SIZE_HINT]: utf8.length,
    },
  });
  const out = new Uint8Array(packed.length + 1);
  out[0] = FORMAT_BROTLI_TEXT;
  out.set(packed, 1);
  return out;
}

/** The body's text, or StateItemCodecError for an unknown format byte or a corrupt stream. */
export function decodeBody(body: Uint8Array, pk: string): BodyText {
  if (body[0] !== FORMAT_BROTLI_TEXT) throw new StateItemCodecError(`state item ${pk}: unknown body format ${String(body[0])}`);
  let text: string;
  try {
    text = brotliDecompressSync(body.subarray(1), { maxOutputLength: MAX_TEXT_BYTES }).toString('utf8');
  } catch (err) {
    throw new StateItemCodecError(`state item ${pk}: body does not decompress`, { cause: err });
  }
  const nl = text.indexOf('\n');
  if (nl < 0) throw new StateItemCodecError(`state item ${pk}: body has no marker line`);
  return { markers: text.slice(0, nl), content: text.slice(nl + 1) };
}

/** The core's object from a body's text (version added by the caller); throws StateItemCodecError on invalid JSON. */
export function parseBody(text: BodyText, pk: string): Record<string, unknown> {
  try {
    const content = JSON.parse(text.content) as unknown;
    if (typeof content !== 'object' || content === null || Array.isArray(content)) throw new Error('content is not an object');
    const out = content as Record<string, unknown>;
    if (text.markers !== '') out.batches = JSON.parse(text.markers) as unknown;
    return out;
  } catch (err) {
    throw new StateItemCodecError(`state item ${pk} holds invalid JSON`, { cause: err });
  }
}
