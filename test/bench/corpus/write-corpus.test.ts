import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { EnvelopeSchema } from '../../../lib/core/envelope.ts';
import { DEFAULT_SHAPE } from '../../../bench/corpus/corpus-records.ts';
import { corpusTotals, readCorpusManifest, writeCorpus } from '../../../bench/corpus/write-corpus.ts';

const dirs: string[] = [];
const tempDir = async (): Promise<string> => {
  const d = await mkdtemp(join(tmpdir(), 'hw-bench-corpus-'));
  dirs.push(d);
  return d;
};
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const shape = { ...DEFAULT_SHAPE, events: 4000, people: 100, eventsPerDay: 4000 };

describe('writeCorpus', () => {
  it('writes DESIGN.md §3 batches: gzip NDJSON envelopes, one source/stream per file, at most batchEvents each', async () => {
    const dir = await tempDir();
    const m = await writeCorpus(dir, shape, 500);
    expect(corpusTotals(m).events).toBe(4000);
    let lines = 0;
    for (const f of m.files) {
      expect(f.key).toMatch(/^raw\/source=(salesforce|m365|slack)\/stream=[^/]+\/dt=\d{4}-\d{2}-\d{2}\/hour=\d{2}\/bench-\d{6}\.ndjson\.gz$/);
      expect(f.events).toBeLessThanOrEqual(500);
      const gz = await readFile(join(dir, f.key));
      expect(gz.length).toBe(f.gzBytes);
      const text = gunzipSync(gz).toString('utf8');
      expect(Buffer.byteLength(text)).toBe(f.bytes);
      const envelopes = text.trimEnd().split('\n').map((l) => EnvelopeSchema.parse(JSON.parse(l)));
      expect(envelopes).toHaveLength(f.events);
      expect(new Set(envelopes.map((e) => `${e.source}/${e.stream}`)).size).toBe(1);
      expect(f.key).toContain(`source=${envelopes[0]!.source}/`);
      lines += envelopes.length;
    }
    expect(lines).toBe(4000);
  });

  it('writes byte-identical files for the same shape, and its manifest is found again only for that shape', async () => {
    const [a, b] = [await tempDir(), await tempDir()];
    const ma = await writeCorpus(a, shape, 1000);
    const mb = await writeCorpus(b, shape, 1000);
    expect(mb.files).toEqual(ma.files);
    const hash = async (dir: string, key: string): Promise<string> => createHash('sha256').update(await readFile(join(dir, key))).digest('hex');
    for (const f of ma.files) expect(await hash(b, f.key)).toBe(await hash(a, f.key));
    expect(await readCorpusManifest(a, shape, 1000)).toEqual(ma);
    expect(await readCorpusManifest(a, shape, 500)).toBeUndefined();
    expect(await readCorpusManifest(a, { ...shape, seed: 'x' }, 1000)).toBeUndefined();
    expect(await readCorpusManifest(join(a, 'missing'), shape, 1000)).toBeUndefined();
  });
});
