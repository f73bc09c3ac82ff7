import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, capDepth, safeJsonLine } from '../../../lib/adapters/batches/json-line-safe.ts';

describe('safeJsonLine', () => {
  it('writes ordinary values exactly as JSON.stringify does', () => {
    const v = { a: [1, 'x', null, { b: true }], 'ü': 'ñ' };
    expect(safeJsonLine(v)).toBe(JSON.stringify(v));
  });

  it('cuts nesting past MAX_DEPTH and keeps "__proto__" keys as data', () => {
    const deep = JSON.parse(`{"__proto__":{"x":1},"d":${'['.repeat(50_000)}${']'.repeat(50_000)}}`) as unknown;
    const line = JSON.parse(safeJsonLine(deep)) as Record<string, unknown>;
    expect(Object.keys(line)).toEqual(['__proto__', 'd']);
    expect(JSON.stringify(capDepth([[[1]]], 2))).toBe(`[["[nested deeper than ${MAX_DEPTH} levels: cut]"]]`);
  });

  it('names the reason when even the cut copy cannot be written', () => {
    expect(JSON.parse(safeJsonLine({ n: 10n }))).toEqual({ unserializable: expect.stringMatching(/BigInt/) });
  });
});
