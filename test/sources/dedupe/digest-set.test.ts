import { describe, expect, it } from 'vitest';
import { bucketEndMs, bucketKey } from '../../../lib/sources/dedupe/bucket.ts';
import { digestOf, packDigests, RECORD_NS, unpackDigests } from '../../../lib/sources/dedupe/digest.ts';
import { DigestSet } from '../../../lib/sources/dedupe/digest-set.ts';

describe('DigestSet', () => {
  it('holds 200,000 digests exactly, the all-zero one included, in 16 bytes each at most', () => {
    const s = new DigestSet();
    const ds = Array.from({ length: 200_000 }, (_, i) => digestOf(RECORD_NS, `id-${i}`));
    expect(ds.filter((d) => s.add(d)).length).toBe(200_000);
    expect(s.add({ hi: 0, lo: 0 })).toBe(true);
    expect(s.add({ hi: 0, lo: 0 })).toBe(false);
    expect(s.size).toBe(200_001);
    expect(ds.every((d) => s.has(d))).toBe(true);
    expect(s.add(ds[123]!)).toBe(false);
    expect(s.has(digestOf(RECORD_NS, 'id-200000'))).toBe(false);
    expect(s.bytes).toBeLessThanOrEqual(200_001 * 16 * 2);
    expect([...s].length).toBe(200_001);
  });

  it('packs digests as 8 big-endian bytes each, and namespaces keys', () => {
    const ds = [digestOf(RECORD_NS, 'a'), digestOf('blob:Audit.SharePoint', 'a')];
    expect(ds[0]).not.toEqual(ds[1]);
    const bytes = packDigests(ds);
    expect(bytes.length).toBe(16);
    expect([...unpackDigests(bytes)]).toEqual(ds);
    // A record id's digest is its own SHA-256 prefix.
    expect(bytes.subarray(0, 8).toString('hex')).toBe('ca978112ca1bbdca');
  });
});

describe('dedupe buckets', () => {
  it('are per namespace and hour of the item time; unusable times share one bucket', () => {
    const t = Date.parse('2026-11-22T03:59:59.999Z');
    expect(bucketKey('id', t)).toBe('id#2026-11-22T03');
    expect(bucketEndMs('id#2026-11-22T03')).toBe(Date.parse('2026-11-22T04:00:00Z'));
    for (const bad of [Number.NaN, -1, Number.POSITIVE_INFINITY, Date.UTC(10000, 0, 1)]) expect(bucketKey('id', bad)).toBe('id#none');
    expect(bucketEndMs('id#none')).toBe(0);
  });
});
