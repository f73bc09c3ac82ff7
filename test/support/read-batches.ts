import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { EnvelopeSchema, type Envelope } from '../../lib/core/envelope.ts';

/** Every batch under `dir` (key → validated envelopes), in key order. */
export async function readBatches(dir: string): Promise<Map<string, Envelope[]>> {
  const out = new Map<string, Envelope[]>();
  let names: string[];
  try {
    names = (await readdir(dir, { recursive: true })).map(String).sort();
  } catch {
    return out;
  }
  for (const name of names) {
    if (!name.endsWith('.ndjson.gz')) continue;
    const text = gunzipSync(await readFile(join(dir, name))).toString('utf8');
    const lines = text.split('\n').filter((l) => l !== '');
    out.set(relative(dir, join(dir, name)), lines.map((l) => EnvelopeSchema.parse(JSON.parse(l))));
  }
  return out;
}

export async function readAllIds(dir: string): Promise<string[]> {
  return [...(await readBatches(dir)).values()].flat().map((e) => e.id);
}
