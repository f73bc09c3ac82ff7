import { z } from 'zod';
import type { Digest } from './digest.ts';

/**
 * Cursors written before the dedupe buckets kept their ids inline: `[atMs, 12-char base64url SHA-256 prefixes…]`
 * groups (M365 records, RTEM EventIdentifiers). The first 8 of those 9 bytes are exactly the digest the buckets use
 * for a record id, so an upgraded collector carries them over instead of writing the overlap again.
 */
export const LegacyIdGroupsSchema = z.array(z.tuple([z.number().int(), z.string()]));
export type LegacyIdGroups = z.infer<typeof LegacyIdGroupsSchema>;

const CHARS = 12;

export function legacyDigests(groups: LegacyIdGroups): { atMs: number; digest: Digest }[] {
  const out: { atMs: number; digest: Digest }[] = [];
  for (const [atMs, packed] of groups) {
    for (let i = 0; i + CHARS <= packed.length; i += CHARS) {
      const b = Buffer.from(packed.slice(i, i + CHARS), 'base64url');
      if (b.length >= 8) out.push({ atMs, digest: { hi: b.readUInt32BE(0), lo: b.readUInt32BE(4) } });
    }
  }
  return out;
}
