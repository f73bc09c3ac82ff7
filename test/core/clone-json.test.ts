import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cloneJson } from '../../lib/core/clone-json.ts';

describe('cloneJson', () => {
  it('copies any JSON value equal and shares nothing with it', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const copy = cloneJson(v);
        expect(copy).toStrictEqual(v);
        if (typeof v === 'object' && v !== null) expect(copy).not.toBe(v);
      }),
    );
  });

  it('copies a __proto__ key as data, not as the prototype (fast-check found it: seed 1175303519)', () => {
    const v = JSON.parse('{"seen":{"extDomain":{"__proto__":5,"constructor":6}}}') as { seen: { extDomain: Record<string, number> } };
    const copy = cloneJson(v);
    expect(copy).toStrictEqual(v);
    expect(Object.hasOwn(copy.seen.extDomain, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(copy.seen.extDomain)).toBe(Object.prototype);
  });

  it('gives nested objects and arrays of their own', () => {
    const item: { seen: { ip: Record<string, number> }; recent: { m: number[][] } } = { seen: { ip: { '10.0.0.1': 1 } }, recent: { m: [[1, 2]] } };
    const copy = cloneJson(item);
    copy.seen.ip['10.0.0.2'] = 2;
    copy.recent.m[0]![1] = 9;
    expect(item).toEqual({ seen: { ip: { '10.0.0.1': 1 } }, recent: { m: [[1, 2]] } });
  });
});
