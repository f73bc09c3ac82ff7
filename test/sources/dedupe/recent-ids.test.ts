import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RecentIds, RecentIdsSchema } from '../../../lib/sources/dedupe/recent-ids.ts';

describe('RecentIds', () => {
  it('reports duplicates and survives a JSON round trip', () => {
    const ids = new RecentIds();
    expect(ids.add('a', 1000)).toBe(true);
    expect(ids.add('a', 2000)).toBe(false);
    expect(ids.add('b', 2000)).toBe(true);
    const back = RecentIds.from(RecentIdsSchema.parse(JSON.parse(JSON.stringify(ids.toJSON()))));
    expect(back.has('a')).toBe(true);
    expect(back.has('b')).toBe(true);
    expect(back.has('c')).toBe(false);
    expect(back.size).toBe(2);
  });

  it('prunes by age, then oldest-first by count', () => {
    const ids = new RecentIds();
    for (let i = 0; i < 10; i++) ids.add(`id-${i}`, i * 1000);
    ids.prune(3000, 100);
    expect(ids.has('id-2')).toBe(false);
    expect(ids.has('id-3')).toBe(true);
    ids.prune(0, 4);
    expect(ids.size).toBe(4);
    expect(ids.has('id-5')).toBe(false);
    expect(ids.has('id-9')).toBe(true);
  });

  it('stores far fewer bytes than the raw ids', () => {
    const ids = new RecentIds();
    for (let i = 0; i < 1000; i++) ids.add(`2f52269c-4f38-4f08-b56d-${String(i).padStart(12, '0')}`, 5);
    expect(JSON.stringify(ids.toJSON()).length).toBeLessThan(13_000);
  });

  it('never loses an id it was given unless pruned (property)', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.uuid(), fc.integer({ min: 0, max: 50 }))), (pairs) => {
      const ids = new RecentIds();
      for (const [id, at] of pairs) ids.add(id, at);
      const back = RecentIds.from(ids.toJSON());
      return pairs.every(([id]) => back.has(id)) && back.size === new Set(pairs.map((p) => p[0])).size;
    }));
  });
});
