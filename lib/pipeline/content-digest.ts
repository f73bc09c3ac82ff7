import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

/**
 * A stable identity for one stored input, from its bytes as stored (compressed or not): `sha256:<32 hex>`.
 * Hashing runs at disk speed, far faster than parsing, so a replay can tell the files it has seen before.
 */
export async function contentDigest(body: Readable): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of body) hash.update(chunk as Buffer);
  } finally {
    body.destroy();
  }
  return `sha256:${hash.digest('hex').slice(0, 32)}`;
}
