import { createHash } from 'node:crypto';

/**
 * 64-bit digests of what a collector wrote (record ids, finished blobs or files), as two unsigned 32-bit halves.
 * The first 8 bytes of SHA-256: at 5 M ids a day and an 8-day horizon a false "already written" needs two of ~40 M
 * values to share 64 bits — about 4e-5 per 8 days over the whole store, and lookups only compare within one hour's
 * bucket (~2e5 values), so ~1e-8 per lookup day.
 */
export interface Digest {
  hi: number;
  lo: number;
}

/** The namespace of record ids (one per source: DESIGN.md §3, an id appears once across a source's batches). */
export const RECORD_NS = 'id';

export function digestOf(ns: string, key: string): Digest {
  const h = createHash('sha256');
  // Record ids hash bare so that the digest is the id's own SHA-256 prefix; other namespaces are kept apart.
  h.update(ns === RECORD_NS ? key : `${ns}\u0000${key}`);
  const b = h.digest();
  return { hi: b.readUInt32BE(0), lo: b.readUInt32BE(4) };
}

export const DIGEST_BYTES = 8;

/** Concatenated big-endian digests. */
export function packDigests(ds: readonly Digest[]): Buffer {
  const out = Buffer.allocUnsafe(ds.length * DIGEST_BYTES);
  ds.forEach((d, i) => {
    out.writeUInt32BE(d.hi, i * DIGEST_BYTES);
    out.writeUInt32BE(d.lo, i * DIGEST_BYTES + 4);
  });
  return out;
}

export function* unpackDigests(bytes: Uint8Array): Generator<Digest> {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i + DIGEST_BYTES <= b.length; i += DIGEST_BYTES) yield { hi: b.readUInt32BE(i), lo: b.readUInt32BE(i + 4) };
}
