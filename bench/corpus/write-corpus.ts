import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { batchKey } from '../../lib/core/envelope.ts';
import type { Envelope } from '../../lib/core/envelope.ts';
import { BatchFileWriter } from './batch-file-writer.ts';
import type { WrittenBatch } from './batch-file-writer.ts';
import { corpusRecords } from './corpus-records.ts';
import type { CorpusShape } from './corpus-records.ts';

const FORMAT = 'hoardwatch-bench-corpus/2';
/** Collectors write a batch a few minutes after its last record. */
const COLLECTION_LAG_MS = 5 * 60_000;

const ManifestSchema = z.object({
  format: z.literal(FORMAT),
  shape: z.object({ seed: z.string(), events: z.number(), people: z.number(), eventsPerDay: z.number(), start: z.number() }),
  batchEvents: z.number(),
  /** In the order they were closed, which is collection (time) order. */
  files: z.array(z.object({ key: z.string(), events: z.number(), bytes: z.number(), gzBytes: z.number() })),
});
export type CorpusManifest = z.infer<typeof ManifestSchema>;

export const MANIFEST = 'corpus.json';

export const corpusTotals = (m: CorpusManifest): { events: number; bytes: number; gzBytes: number } =>
  m.files.reduce((t, f) => ({ events: t.events + f.events, bytes: t.bytes + f.bytes, gzBytes: t.gzBytes + f.gzBytes }), { events: 0, bytes: 0, gzBytes: 0 });

/** The manifest of a finished corpus in `dir` with this shape, or undefined (absent, other shape, unreadable). */
export async function readCorpusManifest(dir: string, shape: CorpusShape, batchEvents: number): Promise<CorpusManifest | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const parsed = ManifestSchema.safeParse(JSON.parse(text));
  if (!parsed.success) return undefined;
  const m = parsed.data;
  const same = m.batchEvents === batchEvents && JSON.stringify(m.shape) === JSON.stringify({
    seed: shape.seed, events: shape.events, people: shape.people, eventsPerDay: shape.eventsPerDay, start: shape.start,
  });
  return same ? m : undefined;
}

/**
 * Writes the corpus as DESIGN.md §3 project batches (one gzip NDJSON file of envelopes per source/stream and
 * `batchEvents` records), streaming from the generator: memory holds one flush buffer per open stream, never the
 * corpus. The manifest is written last, so a corpus interrupted half-way is never taken as finished.
 */
export async function writeCorpus(dir: string, shape: CorpusShape, batchEvents: number, onProgress?: (events: number) => void): Promise<CorpusManifest> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const open = new Map<string, { writer: BatchFileWriter; source: string; stream: string; last: number }>();
  const files: WrittenBatch[] = [];
  let seq = 0;
  let opened = 0;
  let written = 0;
  const close = async (streamKey: string): Promise<void> => {
    const o = open.get(streamKey)!;
    open.delete(streamKey);
    files.push(await o.writer.close(batchKey(o.source, o.stream, new Date(o.last + COLLECTION_LAG_MS), 'bench', ++seq)));
  };
  for (const r of corpusRecords(shape)) {
    const streamKey = `${r.source}/${r.stream}`;
    let o = open.get(streamKey);
    if (!o) {
      o = { writer: new BatchFileWriter(dir, `.open-${opened++}.tmp`), source: r.source, stream: r.stream, last: r.time };
      open.set(streamKey, o);
    }
    o.last = r.time;
    const envelope: Envelope = {
      v: 1, source: r.source, stream: r.stream, id: r.id, fetchedAt: new Date(r.time + COLLECTION_LAG_MS).toISOString(), record: r.record,
    };
    await o.writer.add(JSON.stringify(envelope));
    if (o.writer.events >= batchEvents) await close(streamKey);
    if (++written % 100_000 === 0) onProgress?.(written);
  }
  for (const k of [...open.keys()]) await close(k);
  const manifest: CorpusManifest = { format: FORMAT, shape: { ...shape }, batchEvents, files };
  await writeFile(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
  return manifest;
}
