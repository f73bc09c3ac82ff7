import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoItemBytes, ItemTooLargeError } from '../../../lib/adapters/checkpoints/dynamodb-item-bytes.ts';
import { DynamoDbDedupeBackend } from '../../../lib/adapters/dedupe/dynamodb-dedupe-backend.ts';
import { FileDedupeBackend } from '../../../lib/adapters/dedupe/file-dedupe-backend.ts';
import type { DedupeBackend } from '../../../lib/sources/dedupe/dedupe-backend.ts';
import { DedupeStore, SEGMENT_MAX_DIGESTS } from '../../../lib/sources/dedupe/dedupe-store.ts';
import { digestOf, packDigests, RECORD_NS } from '../../../lib/sources/dedupe/digest.ts';
import { journalOf } from '../../../lib/sources/dedupe/journal.ts';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../support/dynamodb-local.ts';
import { itemSizes } from '../../support/table-items.ts';

const HOUR = 3_600_000;
const T = Date.parse('2026-11-22T03:00:00Z');
let ddb: DynamoDbLocal;
const dirs: string[] = [];
beforeAll(async () => {
  ddb = await startDynamoDbLocal();
});
afterAll(async () => {
  await ddb?.stop();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function fileBackend(): Promise<FileDedupeBackend> {
  const dir = await mkdtemp(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'hw-dedupe-'));
  dirs.push(dir);
  return new FileDedupeBackend(dir, 'slack');
}
async function dynamoBackend(): Promise<{ backend: DynamoDbDedupeBackend; table: string }> {
  const table = await ddb.createStateTable();
  return { backend: new DynamoDbDedupeBackend({ table, doc: ddb.doc, source: 'slack' }), table };
}

const keys = (from: number, n: number, atMs = T) => Array.from({ length: n }, (_, i) => ({ ns: RECORD_NS, key: `e-${from + i}`, atMs }));

/** Records `keys` as one committed step would (journal, then flush). */
async function record(store: DedupeStore, id: string, ks: { ns: string; key: string; atMs: number }[]): Promise<void> {
  const buckets = new Map<string, ReturnType<typeof digestOf>[]>();
  for (const k of ks) {
    const { bucket, digest } = DedupeStore.locate(k);
    buckets.set(bucket, [...(buckets.get(bucket) ?? []), digest]);
  }
  await store.flush(journalOf(id, buckets));
}

const backends: [string, () => Promise<DedupeBackend>][] = [
  ['files', fileBackend],
  ['DynamoDB Local', async () => (await dynamoBackend()).backend],
];

describe.each(backends)('dedupe backend over %s', (_name, make) => {
  it('reads back heads and segments; adding a segment twice (a replayed journal) changes nothing', async () => {
    const b = await make();
    expect(await b.readHeads(['id#2026-11-22T03'])).toEqual(new Map());
    const bytes = packDigests([digestOf(RECORD_NS, 'a'), digestOf(RECORD_NS, 'b')]);
    for (let i = 0; i < 2; i++) {
      await b.writeSegment({ bucket: 'id#2026-11-22T03', segment: 'run1.1' }, bytes, T + HOUR);
      await b.addSegments('id#2026-11-22T03', ['run1.1'], T + HOUR);
    }
    const head = (await b.readHeads(['id#2026-11-22T03'])).get('id#2026-11-22T03');
    expect(head?.segments).toEqual(['run1.1']);
    const segs = await b.readSegments([{ bucket: 'id#2026-11-22T03', segment: 'run1.1' }, { bucket: 'id#2026-11-22T03', segment: 'gone' }]);
    expect([...segs.keys()]).toEqual(['id#2026-11-22T03/run1.1']);
    expect(Buffer.from(segs.get('id#2026-11-22T03/run1.1')!).equals(bytes)).toBe(true);
    // A compaction replaces the list only if nothing was added since it read the head.
    expect(await b.replaceSegments('id#2026-11-22T03', head!.rev - 1, ['c'], T + HOUR)).toBe(false);
    expect(await b.replaceSegments('id#2026-11-22T03', head!.rev, ['c'], T + HOUR)).toBe(true);
    expect((await b.readHeads(['id#2026-11-22T03'])).get('id#2026-11-22T03')?.segments).toEqual(['c']);
  });

  it('a store answers across runs, bounded by time: a busy hour (5 M events a day) compacts into full segments', async () => {
    const b = await make();
    const first = new DedupeStore({ backend: b, now: () => T });
    // 210,000 ids in one hour, committed in steps of 5,000 as a collector would.
    for (let s = 0; s < 42; s++) await record(first, `run1.${s + 1}`, keys(s * 5000, 5000));
    expect(first.stats.compactions).toBe(0); // nothing loaded: this run never looked the bucket up
    const second = new DedupeStore({ backend: b, now: () => T + HOUR });
    expect(await second.has([...keys(0, 3), ...keys(209_998, 3)])).toEqual([true, true, true, true, true, false]);
    expect(second.stats.segmentsRead).toBe(42);
    await record(second, 'run2.1', keys(210_001, 10));
    expect(second.stats.compactions).toBe(1);
    const head = (await b.readHeads(['id#2026-11-22T03'])).get('id#2026-11-22T03')!;
    expect(head.segments.length).toBe(Math.ceil(210_010 / SEGMENT_MAX_DIGESTS));
    const third = new DedupeStore({ backend: b, now: () => T + 2 * HOUR });
    expect(await third.has(keys(209_990, 25))).toEqual([...Array(10).fill(true), false, ...Array(10).fill(true), ...Array(4).fill(false)]);
    expect(third.stats.segmentsRead).toBe(6);
  });

  it('drops least recently used buckets beyond its memory budget and reads them again when asked', async () => {
    const b = await make();
    const w = new DedupeStore({ backend: b, now: () => T });
    for (let h = 0; h < 6; h++) await record(w, `run1.${h + 1}`, keys(h * 1000, 1000, T + h * HOUR));
    const r = new DedupeStore({ backend: b, now: () => T, memoryDigests: 2500 });
    for (let h = 0; h < 6; h++) expect(await r.has(keys(h * 1000, 2, T + h * HOUR))).toEqual([true, true]);
    expect(r.heldDigests).toBeLessThanOrEqual(3000);
    expect(await r.has(keys(0, 1, T))).toEqual([true]);
    expect(r.stats.bucketsLoaded).toBe(7);
  });
});

describe('DynamoDB dedupe items', () => {
  it('stay under 350 KB as DynamoDB counts them, under the collector keys, and a larger segment is refused before the write', async () => {
    const { backend, table } = await dynamoBackend();
    const store = new DedupeStore({ backend, now: () => T });
    await record(store, 'r.1', keys(0, 16_000));
    await store.has(keys(0, 1));
    for (let s = 0; s < 40; s++) await record(store, `r.${s + 2}`, keys(16_000 + s * 1000, 1000));
    const sizes = await itemSizes(ddb.doc, table);
    expect(sizes[0]!.bytes).toBeLessThan(350_000);
    expect(sizes[0]!.bytes).toBeGreaterThan(300_000); // a full compacted segment
    expect(sizes.every((s) => s.pk.startsWith('checkpoint#slack#dd#id#2026-11-22T03'))).toBe(true);
    const tooMany = packDigests(Array.from({ length: 45_000 }, (_, i) => digestOf(RECORD_NS, `x${i}`)));
    await expect(backend.writeSegment({ bucket: 'id#2026-11-22T03', segment: 'big' }, tooMany, T)).rejects.toBeInstanceOf(ItemTooLargeError);
  });
});

describe('item sizes as DynamoDB counts them', () => {
  it('agree with DynamoDB Local at the 400 KB limit', async () => {
    const table = await ddb.createStateTable();
    const item = (n: number) => ({ pk: 'checkpoint#slack#dd#id#2026-11-22T03#s', d: new Uint8Array(n), ttl: 1_800_000_000 });
    const base = dynamoItemBytes(item(0));
    await expect(ddb.doc.send(new PutCommand({ TableName: table, Item: item(400 * 1024 - base) }))).resolves.toBeDefined();
    await expect(ddb.doc.send(new PutCommand({ TableName: table, Item: item(400 * 1024 - base + 1) }))).rejects.toThrow(/size/i);
  });
});

describe('file dedupe buckets', () => {
  it('are removed by the sweep once past their retention', async () => {
    const b = await fileBackend();
    const store = new DedupeStore({ backend: b, now: () => T, retentionMs: 2 * HOUR });
    await record(store, 'r.1', keys(0, 10, T));
    await record(store, 'r.2', keys(10, 10, T + 5 * HOUR));
    await b.sweep(T + 4 * HOUR);
    expect(await readdir(join(b.root, 'id'))).toEqual(['2026-11-22T08']);
  });
});
