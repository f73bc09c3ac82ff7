import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BatchWriteError, FsBatchSink } from '../../../lib/adapters/batches/fs-batch-sink.ts';
import type { Envelope } from '../../../lib/core/envelope.ts';

const env = (id: string): Envelope => ({ v: 1, source: 'slack', stream: 'audit', id, fetchedAt: '2026-11-22T03:00:00.000Z', record: { id, n: 'ü' } });
let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'hw-sink-')); });
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('FsBatchSink', () => {
  it('writes gzip NDJSON at <dir>/<key> and reports its uri and size', async () => {
    const key = 'raw/source=slack/stream=audit/dt=2026-11-22/hour=03/r-000001.ndjson.gz';
    const res = await new FsBatchSink(dir).write(key, [env('a'), env('b')]);
    const path = join(dir, key);
    expect(fileURLToPath(res.uri)).toBe(path);
    const bytes = await readFile(path);
    expect(res.bytes).toBe(bytes.length);
    const lines = gunzipSync(bytes).toString('utf8').split('\n');
    expect(lines).toEqual([JSON.stringify(env('a')), JSON.stringify(env('b')), '']);
  });

  it('replaces a batch whole when its key is rewritten, leaving no temp files', async () => {
    const sink = new FsBatchSink(dir);
    await sink.write('k/b.ndjson.gz', [env('a'), env('b'), env('c')]);
    await sink.write('k/b.ndjson.gz', [env('d')]);
    expect(gunzipSync(await readFile(join(dir, 'k/b.ndjson.gz'))).toString('utf8')).toBe(`${JSON.stringify(env('d'))}\n`);
    expect(await readdir(join(dir, 'k'))).toEqual(['b.ndjson.gz']);
  });

  it('refuses keys that escape the directory', async () => {
    await expect(new FsBatchSink(join(dir, 'out')).write('../evil.ndjson.gz', [env('a')])).rejects.toBeInstanceOf(BatchWriteError);
    expect(await readdir(dir)).toEqual([]);
  });
});
