import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Prng } from '../../lib/simulate/prng.ts';

const draw = (rng: Prng, n: number): number[] => Array.from({ length: n }, () => rng.next());

describe('Prng', () => {
  it('repeats the same sequence for the same label and differs for another', () => {
    expect(draw(new Prng('a'), 50)).toEqual(draw(new Prng('a'), 50));
    expect(draw(new Prng('a'), 50)).not.toEqual(draw(new Prng('b'), 50));
  });

  it('forks streams that do not depend on what the parent drew', () => {
    const p1 = new Prng('root');
    const p2 = new Prng('root');
    draw(p2, 10);
    expect(draw(p1.fork('x'), 20)).toEqual(draw(p2.fork('x'), 20));
    expect(draw(p1.fork('x'), 20)).not.toEqual(draw(p1.fork('y'), 20));
  });

  it('draws integers within inclusive bounds and reaches both ends', () => {
    fc.assert(fc.property(fc.string(), fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 20 }), (label, min, width) => {
      const rng = new Prng(label);
      for (let i = 0; i < 50; i++) {
        const n = rng.int(min, min + width);
        expect(Number.isInteger(n) && n >= min && n <= min + width).toBe(true);
      }
    }));
    const seen = new Set(Array.from({ length: 500 }, ((rng) => () => rng.int(1, 6))(new Prng('dice'))));
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('is roughly uniform', () => {
    const xs = draw(new Prng('uniform'), 20_000);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
  });

  it('samples distinct items and makes v4-shaped UUIDs', () => {
    const rng = new Prng('s');
    const picked = rng.sample([...Array(100).keys()], 40);
    expect(new Set(picked).size).toBe(40);
    expect(rng.sample([1, 2, 3], 10).sort()).toEqual([1, 2, 3]);
    for (let i = 0; i < 100; i++) expect(rng.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(() => rng.pick([])).toThrow(RangeError);
  });
});
