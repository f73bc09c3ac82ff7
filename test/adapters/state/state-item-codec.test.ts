import { createHash } from 'node:crypto';
import { brotliCompressSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bodyText, contentDigest, decodeBody, encodeBody, parseBody, StateItemCodecError } from '../../../lib/adapters/state/state-item-codec.ts';
import { STATE_DICTIONARY } from '../../../lib/adapters/state/state-item-dictionary.ts';

type Item = Record<string, unknown> & { version: number };

const roundTrip = (item: Item): Record<string, unknown> => {
  const body = encodeBody(bodyText(item));
  return { ...parseBody(decodeBody(body, 'pk'), 'pk'), version: item.version };
};

/** A profile as the core keeps it: sorted days, activity triples, first-seen lists, recent buckets. */
const profile = (over: Partial<Item> = {}): Item => ({
  key: 'm365:alice', version: 4, format: 2, source: 'm365', id: 'alice', identity: 'alice@example.com', batches: ['AAAA'],
  firstSeen: 1_791_158_400_000, lastSeen: 1_796_428_800_000,
  act: [20_731, 0xff00, 1, 20_732, 0x0f00, 0, 20_740, 1, 0],
  metrics: { 'files.m365': { d: [20_731, 20_732, 20_740], v: [3, 9, 1], p: [2, 5, 1], h: [9, 10, 14], a: [20_732] }, 'mail.items': { d: [], v: [], p: [], h: [] } },
  seen: { ip: { v: ['10.0.0.1', '10.0.0.2'], f: [20_740, 20_731], t: [20_740, 20_739] }, resource: { v: [], f: [], t: [] } },
  recent: { 'files.m365': [[1_796_428_500_000, 2], [1_796_428_800_000, 1, { k: ['ab12cd34'], i: ['10.0.0.1'] }]] },
  ...over,
});

const int = fc.integer({ min: -(2 ** 50), max: 2 ** 50 });
/** Profiles of any values the shape allows: unsorted, negative, huge, empty, and numbers that are not integers. */
const anyProfile = fc.record({
  act: fc.array(fc.tuple(int, fc.nat(), fc.nat()), { maxLength: 6 }).map((ts) => ts.flat()),
  d: fc.array(int, { maxLength: 8 }),
  a: fc.option(fc.array(int, { maxLength: 4 }), { nil: undefined }),
  seen: fc.array(fc.tuple(fc.string(), int, int), { maxLength: 6 }),
  starts: fc.array(fc.oneof(int, fc.constant(-0), fc.double({ noNaN: true, noDefaultInfinity: true })), { maxLength: 6 }),
}).map(({ act, d, a, seen, starts }) => profile({
  act,
  metrics: { m: { d, v: d.map(() => 1), p: d.map(() => 1), h: d.map(() => 0), ...(a === undefined ? {} : { a }) } },
  seen: { s: { v: seen.map((x) => x[0]), f: seen.map((x) => x[1]), t: seen.map((x) => x[2]) } },
  recent: { m: starts.map((t, i) => (i % 2 ? [t, i] : [t, i, { i: ['10.0.0.9'] }])) },
}));

describe('state item codec', () => {
  it('gives back exactly the item it was given, for any profile, identity and tenant item', () => {
    fc.assert(fc.property(anyProfile, (p) => {
      const before = structuredClone(p);
      // Exactly as JSON keeps it (any store of JSON writes -0 as 0): nothing else changes.
      expect(roundTrip(p)).toEqual(JSON.parse(JSON.stringify(p)));
      expect(p).toEqual(before); // encoding leaves the core's object as it was
    }), { numRuns: 300 });
    const identity = { key: 'alice@example.com', version: 2, alerts: [], signals: [{ detector: 'd', technique: 't', weight: 1, time: 5, principal: 'm365:alice' }] };
    const tenant = { key: 'tenant', version: 9, seen: { domain: { v: ['example.org'], f: [20_731], t: [20_735] } }, peers: {} };
    expect(roundTrip(identity)).toEqual(identity);
    expect(roundTrip(tenant)).toEqual(tenant);
  });

  it('delta-codes a profile whose day arrays are integers, and stores any other item as it is', () => {
    const p = profile();
    const text = bodyText(p);
    expect(text.delta).toBe(true);
    expect(encodeBody(text)[0]).toBe(2);
    const content = JSON.parse(text.content) as { metrics: Record<string, { d: number[] }>; act: number[]; seen: Record<string, { f: number[]; t: number[] }>; recent: Record<string, [number][]> };
    expect(content.metrics['files.m365']!.d).toEqual([20_731, 1, 8]);
    expect(content.act.filter((_, i) => i % 3 === 0)).toEqual([20_731, 1, 8]);
    expect(content.seen.ip).toMatchObject({ f: [20_740, -9], t: [0, 8] });
    expect(content.recent['files.m365']!.map((b) => b[0])).toEqual([1_796_428_500_000, 300_000]);
    // A fraction, or a value past ±2^50 (its differences would not be exact), and the profile is stored plain.
    for (const bad of [profile({ act: [20_731.5, 1, 0] }), profile({ act: [2 ** 51, 1, 0] }), profile({ seen: { ip: { v: ['x'], f: [1], t: [] } } })]) {
      expect(bodyText(bad).delta).toBe(false);
      expect(encodeBody(bodyText(bad))[0]).toBe(3);
      expect(roundTrip(bad)).toEqual(bad);
    }
    expect(encodeBody(bodyText({ key: 'tenant', version: 1, seen: {} }))[0]).toBe(3);
  });

  it('reads bodies of the Brotli format written before, and their digest differs so the next save rewrites them', () => {
    const p = profile();
    const { version: _v, batches, ...rest } = p;
    const plain = Buffer.from(`${JSON.stringify(batches)}\n${JSON.stringify(rest)}`);
    const old = Uint8Array.of(1, ...brotliCompressSync(plain));
    const read = decodeBody(old, 'pk');
    expect({ ...parseBody(read, 'pk'), version: p.version }).toEqual(p);
    expect(contentDigest(read)).not.toBe(contentDigest(bodyText(p)));
    // Read again in the new format, the same content has the same digest: an unchanged item is not written.
    expect(contentDigest(decodeBody(encodeBody(bodyText(p)), 'pk'))).toBe(contentDigest(bodyText(p)));
  });

  it('refuses a corrupt body or one whose day arrays are gone with StateItemCodecError naming the item', () => {
    const body = encodeBody(bodyText(profile()));
    expect(() => decodeBody(body.subarray(0, body.length - 3), 'profile#m365:alice')).toThrow(/profile#m365:alice: body does not decompress/);
    expect(() => decodeBody(Uint8Array.of(4, 1, 2), 'pk')).toThrow(/unknown body format 4/);
    const broken = { markers: '', content: JSON.stringify({ ...profile(), act: undefined }), delta: true };
    expect(() => parseBody(broken, 'profile#m365:alice')).toThrow(StateItemCodecError);
  });

  it('keeps the preset dictionary every stored body of formats 2 and 3 was written with', () => {
    // Changing it makes every stored item unreadable: a new dictionary needs a new format byte, not an edit.
    expect(createHash('sha256').update(STATE_DICTIONARY).digest('hex')).toBe('4d179eb56b5be8bfe13b8b9557e04daf172644383a4c4288a1bdf1f796f87ef9');
  });
});
