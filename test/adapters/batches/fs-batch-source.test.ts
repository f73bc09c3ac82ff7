import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { BatchKeyError, FsBatchSource } from '../../../lib/adapters/batches/fs-batch-source.ts';
import { put } from '../../replay/vendor-fixtures.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hw-fsbs-'));
  for (const rel of ['raw/source=slack/b/2.ndjson', 'raw/source=m365/a.ndjson', 'raw/source=slack/a/1.ndjson', 'top.json', '.DS_Store', 'raw/.hidden/x.json']) {
    put(dir, rel, `content of ${rel}`);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const all = async (it: AsyncIterable<string>): Promise<string[]> => {
  const out: string[] = [];
  for await (const k of it) out.push(k);
  return out;
};

describe('FsBatchSource', () => {
  it('lists files recursively in key order, like S3, skipping hidden entries', async () => {
    expect(await all(new FsBatchSource(dir).list(''))).toEqual([
      'raw/source=m365/a.ndjson', 'raw/source=slack/a/1.ndjson', 'raw/source=slack/b/2.ndjson', 'top.json',
    ]);
  });

  it('filters by key prefix', async () => {
    expect(await all(new FsBatchSource(dir).list('raw/source=slack/'))).toEqual(['raw/source=slack/a/1.ndjson', 'raw/source=slack/b/2.ndjson']);
  });

  it('opens a key as a byte stream', async () => {
    expect(await text(await new FsBatchSource(dir).open('raw/source=slack/a/1.ndjson'))).toBe('content of raw/source=slack/a/1.ndjson');
  });

  it('refuses keys outside its root and fails to open missing keys', async () => {
    await expect(new FsBatchSource(join(dir, 'raw')).open('../top.json')).rejects.toBeInstanceOf(BatchKeyError);
    await expect(new FsBatchSource(dir).open('nope.json')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
