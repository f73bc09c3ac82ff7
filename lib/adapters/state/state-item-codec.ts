import { createHash } from 'node:crypto';
import { brotliDecompressSync, deflateRawSync, inflateRawSync } from 'node:zlib';
import { STATE_DICTIONARY } from './state-item-dictionary.ts';
import { deltaCoded, undoDelta } from './state-item-delta.ts';

/**
 * How a state item's body (the core's JSON: profile, identity or tenant) is stored in DynamoDB: one binary attribute
 * `b` holding a format byte and compressed text. DynamoDB bills writes per 1 KB and reads per 4 KB of the item, and
 * counts a binary attribute's raw bytes: 66-day profiles of ~8 kB of JSON shrink to about a quarter.
 *
 * The text is the item's batch markers (`batches`, JSON, or empty) on the first line and the rest of the item (JSON,
 * without `version`, which is a plain attribute) on the second. The markers are kept apart so that an item can be
 * compared with what was read without them (`contentDigest`): a profile whose only change is the marker of the
 * batch just folded is not written (see DynamoDbState.save). JSON.stringify never emits a raw newline.
 */
export const BODY_ATTR = 'b';

/**
 * First byte of a body. 2: raw deflate (level 6) with the preset dictionary (state-item-dictionary.ts) of the text
 * with a profile's day arrays delta-coded (state-item-delta.ts); 3: the same without delta coding (identities, the
 * tenant, a profile that cannot be coded exactly); 1: Brotli (quality 5) of the plain text, written before, still
 * read (such an item is rewritten in format 2 or 3 on its next save). Readers refuse any other byte.
 *
 * On 2,546 profiles after 66 days (bench/README.md, "State item encoding") format 2 stores 12 % fewer bytes than
 * Brotli q5 did, for 9.9 % fewer write units and about a tenth less CPU; MessagePack or CBOR keep 0.70 of the JSON
 * alone (a dependency for nothing).
 */
const FORMAT_BROTLI_TEXT = 1;
const FORMAT_DEFLATE_DELTA = 2;
const FORMAT_DEFLATE_TEXT = 3;

const DEFLATE_LEVEL = 6;

/** No stored body decompresses to more (items are < 400 KB compressed; the core keeps JSON ≤ 300 KB). */
const MAX_TEXT_BYTES = 16 * 1024 * 1024;

export class StateItemCodecError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StateItemCodecError';
  }
}

/** An item's body split for comparison: the markers' JSON and the content's JSON (day arrays delta-coded when `delta`). */
export interface BodyText {
  markers: string;
  content: string;
  delta: boolean;
}

/** Splits a state item (the core's object) into markers and content JSON; `version` is left out (a plain attribute). */
export function bodyText<T extends { version: number; batches?: unknown }>(item: T): BodyText {
  const { version: _version, batches, ...rest } = item;
  const coded = deltaCoded(rest);
  return { markers: batches === undefined ? '' : JSON.stringify(batches), content: JSON.stringify(coded ?? rest), delta: coded !== undefined };
}

/** A short digest of an item's content (markers excluded): equal digests mean the write would change nothing but markers. */
export function contentDigest(text: BodyText): string {
  return createHash('sha256').update(text.content).digest('base64url').slice(0, 22);
}

export function encodeBody(text: BodyText): Uint8Array {
  const packed = deflateRawSync(Buffer.from(`${text.markers}\n${text.content}`, 'utf8'), { level: DEFLATE_LEVEL, dictionary: STATE_DICTIONARY });
  const out = new Uint8Array(packed.length + 1);
  out[0] = text.delta ? FORMAT_DEFLATE_DELTA : FORMAT_DEFLATE_TEXT;
  out.set(packed, 1);
  return out;
}

/** The body's text, or StateItemCodecError for an unknown format byte or a corrupt stream. */
export function decodeBody(body: Uint8Array, pk: string): BodyText {
  const format = body[0];
  if (format !== FORMAT_BROTLI_TEXT && format !== FORMAT_DEFLATE_DELTA && format !== FORMAT_DEFLATE_TEXT) {
    throw new StateItemCodecError(`state item ${pk}: unknown body format ${String(format)}`);
  }
  let text: string;
  try {
    const packed = body.subarray(1);
    text = (format === FORMAT_BROTLI_TEXT
      ? brotliDecompressSync(packed, { maxOutputLength: MAX_TEXT_BYTES })
      : inflateRawSync(packed, { dictionary: STATE_DICTIONARY, maxOutputLength: MAX_TEXT_BYTES })).toString('utf8');
  } catch (err) {
    throw new StateItemCodecError(`state item ${pk}: body does not decompress`, { cause: err });
  }
  const nl = text.indexOf('\n');
  if (nl < 0) throw new StateItemCodecError(`state item ${pk}: body has no marker line`);
  return { markers: text.slice(0, nl), content: text.slice(nl + 1), delta: format === FORMAT_DEFLATE_DELTA };
}

/** The core's object from a body's text (version added by the caller); StateItemCodecError on invalid JSON or day arrays. */
export function parseBody(text: BodyText, pk: string): Record<string, unknown> {
  try {
    const content = JSON.parse(text.content) as unknown;
    if (typeof content !== 'object' || content === null || Array.isArray(content)) throw new Error('content is not an object');
    const out = content as Record<string, unknown>;
    if (text.delta) undoDelta(out);
    if (text.markers !== '') out.batches = JSON.parse(text.markers) as unknown;
    return out;
  } catch (err) {
    throw new StateItemCodecError(`state item ${pk} holds invalid JSON or day arrays`, { cause: err });
  }
}
