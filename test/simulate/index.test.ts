import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_END, SimulateError, TruthFileSchema, generate, simulate } from '../../lib/simulate/index.ts';
import type { SimulateResult } from '../../lib/simulate/index.ts';

let dir: string;
let first: SimulateResult;

const digest = async (paths: string[], root: string): Promise<Map<string, string>> => {
  const m = new Map<string, string>();
  for (const p of paths) m.set(relative(root, p), createHash('sha256').update(await readFile(p)).digest('hex'));
  return m;
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hw-sim-'));
  first = await simulate({ days: 5, seed: 7, outDir: join(dir, 'a') });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('simulate', () => {
  it('writes the generated files and a truth.json that validates', async () => {
    expect(first.files.length).toBeGreaterThan(50);
    const mem = generate({ days: 5, seed: 7, end: DEFAULT_END });
    expect(first.files.map((f) => relative(join(dir, 'a'), f))).toEqual(mem.files.map((f) => f.path).sort());
    const sample = mem.files.find((f) => f.path.startsWith('slack/'));
    expect(await readFile(join(dir, 'a', sample?.path ?? ''), 'utf8')).toBe(sample?.content);
    const doc = TruthFileSchema.parse(JSON.parse(await readFile(first.truthFile, 'utf8')));
    expect(doc.entries).toEqual(first.truth);
    expect(doc).toMatchObject({ seed: 7, days: 5, start: '2026-11-11T00:00:00.000Z', end: '2026-11-16T00:00:00.000Z' });
  });

  it('is byte-identical for the same seed, days and end, also when re-run over its own output', async () => {
    const again = await simulate({ days: 5, seed: 7, outDir: join(dir, 'a'), end: new Date(DEFAULT_END) });
    expect(again.files).toEqual(first.files);
    const b = await simulate({ days: 5, seed: 7, outDir: join(dir, 'b') });
    const [da, db] = await Promise.all([digest(again.files, join(dir, 'a')), digest(b.files, join(dir, 'b'))]);
    expect(db).toEqual(da);
    expect(await readFile(join(dir, 'b', 'truth.json'), 'utf8')).toBe(await readFile(first.truthFile, 'utf8'));
  });

  it('differs for another seed and follows another end date', () => {
    const a = generate({ days: 4, seed: 1, end: DEFAULT_END });
    const b = generate({ days: 4, seed: 2, end: DEFAULT_END });
    const contents = (g: typeof a) => g.files.map((f) => f.content).join('\n');
    expect(contents(b)).not.toBe(contents(a));
    const later = generate({ days: 4, seed: 1, end: new Date('2027-03-01T06:30:00Z') });
    for (const t of later.truth) {
      expect(Date.parse(t.start)).toBeGreaterThanOrEqual(later.window.start);
      expect(Date.parse(t.end)).toBeLessThanOrEqual(later.window.end);
    }
  });

  it('refuses to overwrite folders that are not its own output, and rejects bad options', async () => {
    const foreign = join(dir, 'foreign');
    await mkdir(join(foreign, 'slack'), { recursive: true });
    await writeFile(join(foreign, 'slack', 'keep.txt'), 'mine');
    await expect(simulate({ days: 3, seed: 1, outDir: foreign })).rejects.toThrow(SimulateError);
    expect(await readFile(join(foreign, 'slack', 'keep.txt'), 'utf8')).toBe('mine');
    await expect(simulate({ days: 2, seed: 1, outDir: join(dir, 'x') })).rejects.toThrow(/days/);
    await expect(simulate({ days: 3, seed: 1.5, outDir: join(dir, 'x') })).rejects.toThrow(SimulateError);
    await expect(simulate({ days: 3, seed: 1, outDir: join(dir, 'x'), end: new Date('nope') })).rejects.toThrow(SimulateError);
  });
});
