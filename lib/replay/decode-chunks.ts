import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputReadError, describeBytes, describeError } from './input-read-error.ts';
import { MAX_GUNZIP_BYTES } from './read-limits.ts';

/** A large zlib output chunk makes gunzip ~20% faster (toolchain.md). */
const GUNZIP_CHUNK = 256 * 1024;

/** Raw read errors become `unreadable-file` so they are told apart from gzip errors downstream. */
async function* guardRead(raw: AsyncIterator<Buffer>, head: Buffer): AsyncGenerator<Buffer> {
  yield head;
  for (;;) {
    let r: IteratorResult<Buffer>;
    try {
      r = await raw.next();
    } catch (err) {
      throw new InputReadError('unreadable-file', describeError(err), { cause: err });
    }
    if (r.done) return;
    yield r.value;
  }
}

/**
 * The bytes of one input, gunzipped (streamed) when they start with the gzip magic bytes, whatever the name says.
 * Throws InputReadError `unreadable-file` (read failed), `unreadable-gzip` (corrupt or truncated gzip) or
 * `decompressed-too-large` once a gzip input inflates past `maxGunzipBytes` (a gzip bomb): what came before is kept.
 */
export async function* decodeChunks(raw: Readable, maxGunzipBytes = MAX_GUNZIP_BYTES): AsyncGenerator<Buffer> {
  const it = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let head: Buffer = Buffer.alloc(0);
  try {
    // The magic is two bytes: a stream may hand out a 1-byte first chunk.
    while (head.length < 2) {
      let r: IteratorResult<Buffer>;
      try {
        r = await it.next();
      } catch (err) {
        throw new InputReadError('unreadable-file', describeError(err), { cause: err });
      }
      if (r.done) break;
      head = head.length === 0 ? toBuffer(r.value) : Buffer.concat([head, toBuffer(r.value)]);
    }
    if (head.length === 0) return;
    if (head[0] !== 0x1f || head[1] !== 0x8b) {
      yield* guardRead(it, head);
      return;
    }
    const gunzip = pipeline(Readable.from(guardRead(it, head)), createGunzip({ chunkSize: GUNZIP_CHUNK }), () => {
      // Errors surface through the iteration below; the callback only keeps pipeline from throwing unhandled.
    });
    let inflated = 0;
    try {
      for await (const chunk of gunzip) {
        inflated += (chunk as Buffer).length;
        if (inflated > maxGunzipBytes) {
          throw new InputReadError('decompressed-too-large',
            `gzip input inflates past ${describeBytes(maxGunzipBytes)} (the per-input limit); the rest of it was not read`);
        }
        yield chunk as Buffer;
      }
    } catch (err) {
      if (err instanceof InputReadError) throw err;
      throw new InputReadError('unreadable-gzip', describeError(err), { cause: err });
    } finally {
      gunzip.destroy();
    }
  } finally {
    raw.destroy();
  }
}

const toBuffer = (c: unknown): Buffer => (Buffer.isBuffer(c) ? c : Buffer.from(c as string));
