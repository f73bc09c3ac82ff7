import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, discoverInputs } from '../../lib/replay/discover-inputs.ts';
import { put } from './vendor-fixtures.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hw-disc-'));
  for (const rel of ['b/z.json', 'b/a/y.json', 'a.json', 'c/x.csv.gz']) put(dir, rel, '[]');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('discoverInputs', () => {
  it('expands directories recursively, sorts everything by path and drops repeats', async () => {
    const inputs = await discoverInputs([join(dir, 'c', 'x.csv.gz'), join(dir, 'b'), join(dir, 'a.json'), join(dir, 'b', 'z.json')]);
    expect(inputs.map((i) => i.name)).toEqual([join(dir, 'a.json'), join(dir, 'b', 'a', 'y.json'), join(dir, 'b', 'z.json'), join(dir, 'c', 'x.csv.gz')]);
  });

  it('throws InputError naming a missing path', async () => {
    await expect(discoverInputs([join(dir, 'missing')])).rejects.toThrow(InputError);
    await expect(discoverInputs([join(dir, 'missing')])).rejects.toThrow(/missing: no such file or directory/);
  });

  it('hands URIs to the remote resolver, and refuses them without one', async () => {
    await expect(discoverInputs(['s3://bucket/raw/'])).rejects.toThrow(InputError);
    const { FsBatchSource } = await import('../../lib/adapters/batches/fs-batch-source.ts');
    const source = new FsBatchSource(dir);
    const inputs = await discoverInputs(['s3://bucket/b/'], async () => ({ source, prefix: 'b/' }));
    expect(inputs.map((i) => [i.name, i.key])).toEqual([['s3://bucket/b/a/y.json', 'b/a/y.json'], ['s3://bucket/b/z.json', 'b/z.json']]);
  });
});
