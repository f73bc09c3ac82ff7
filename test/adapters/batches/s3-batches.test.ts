import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { Transform } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3BatchSink } from '../../../lib/adapters/batches/s3-batch-sink.ts';
import { S3BatchSource, s3BatchSourceFromUri } from '../../../lib/adapters/batches/s3-batch-source.ts';
import { quarantineKeyFor, writeQuarantine } from '../../../lib/adapters/batches/s3-quarantine-writer.ts';
import { S3StoreError, S3UriError, parseS3Uri } from '../../../lib/adapters/batches/s3-uri.ts';
import { batchKey } from '../../../lib/core/envelope.ts';
import type { Envelope } from '../../../lib/core/envelope.ts';
import { startS3rver } from '../../support/s3rver.ts';
import type { S3rverHandle } from '../../support/s3rver.ts';

let s3: S3rverHandle;
beforeAll(async () => {
  s3 = await startS3rver(['raw']);
});
afterAll(async () => {
  await s3?.stop();
});

const at = new Date('2026-11-22T03:04:05Z');
const env = (id: string, record: Record<string, unknown> = { id }): Envelope => ({ v: 1, source: 'm365', stream: 'Audit.SharePoint', id, fetchedAt: at.toISOString(), record });

async function readObject(key: string): Promise<{ text: string; encoding?: string; type?: string }> {
  const out = await s3.client.send(new GetObjectCommand({ Bucket: 'raw', Key: key }));
  const bytes = Buffer.from(await out.Body!.transformToByteArray());
  return { text: gunzipSync(bytes).toString('utf8'), encoding: out.ContentEncoding, type: out.ContentType };
}

describe('S3BatchSink', () => {
  it('writes one gzip NDJSON object per batch at its batchKey and reports where', async () => {
    const sink = new S3BatchSink({ client: s3.client, bucket: 'raw' });
    const key = batchKey('m365', 'Audit.SharePoint', at, 'run-x', 1);
    const envelopes = [env('a'), env('b', { nested: { ü: 'ünïcode' } })];
    const out = await sink.write(key, envelopes);
    expect(out.uri).toBe(`s3://raw/${key}`);
    const obj = await readObject(key);
    expect(obj.text.split('\n')).toEqual([JSON.stringify(envelopes[0]), JSON.stringify(envelopes[1]), '']);
    expect(obj.encoding).toBe('gzip');
    expect(obj.type).toBe('application/x-ndjson');
    expect(out.bytes).toBeGreaterThan(20);
  });

  it('wraps S3 failures with the object they were about', async () => {
    const sink = new S3BatchSink({ client: s3.client, bucket: 'no-such-bucket' });
    const err = await sink.write('raw/x.ndjson.gz', [env('a')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(S3StoreError);
    expect((err as Error).message).toContain('s3://no-such-bucket/raw/x.ndjson.gz');
  });
});

describe('S3BatchSource', () => {
  it('lists every key under a prefix in key order across pages', async () => {
    const keys = Array.from({ length: 23 }, (_, n) => `raw/source=slack/stream=audit/dt=2026-11-2${n % 3}/hour=00/r-${String(n).padStart(6, '0')}.ndjson.gz`);
    // Written out of order: the listing must still come back sorted.
    for (const key of [...keys].reverse()) await s3.client.send(new PutObjectCommand({ Bucket: 'raw', Key: key, Body: 'x' }));
    await s3.client.send(new PutObjectCommand({ Bucket: 'raw', Key: 'raw/source=slack/folder/', Body: '' }));
    await s3.client.send(new PutObjectCommand({ Bucket: 'raw', Key: 'raw/source=m365/other.ndjson.gz', Body: 'x' }));
    const source = new S3BatchSource(s3.client, 'raw', 5); // 5 pages of ≤ 5: continuation tokens in use
    const listed: string[] = [];
    for await (const k of source.list('raw/source=slack/')) listed.push(k);
    expect(listed).toEqual([...keys].sort());
  });

  it('streams a multi-MB gzip batch: the first record arrives long before the body is read', async () => {
    const n = 40_000;
    const envelopes = Array.from({ length: n }, (_, i) => env(`id-${i}`, { blob: randomBytes(128).toString('base64') }));
    const key = batchKey('m365', 'Audit.SharePoint', at, 'big', 1);
    const { bytes } = await new S3BatchSink({ client: s3.client, bucket: 'raw' }).write(key, envelopes);
    expect(bytes).toBeGreaterThan(4 * 1024 * 1024);

    const { source, prefix } = await s3BatchSourceFromUri('s3://raw/raw/source=m365/', s3.client);
    expect(prefix).toBe('raw/source=m365/');
    const body = await source.open(key);
    let consumed = 0;
    let consumedAtFirstRecord = -1;
    let lines = 0;
    let rest = '';
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        consumed += chunk.length;
        cb(null, chunk);
      },
    });
    for await (const chunk of body.pipe(counter).pipe(createGunzip())) {
      const parts = (rest + (chunk as Buffer).toString('utf8')).split('\n');
      rest = parts.pop()!;
      for (const line of parts) {
        if (lines === 0) {
          expect((JSON.parse(line) as Envelope).id).toBe('id-0');
          consumedAtFirstRecord = consumed;
        }
        lines++;
      }
    }
    expect(lines).toBe(n);
    expect(consumed).toBe(bytes);
    // Backpressure held the rest of the body in the socket: only the first chunks had been read.
    expect(consumedAtFirstRecord).toBeGreaterThan(0);
    expect(consumedAtFirstRecord).toBeLessThan(bytes / 8);
  });

  it('fails to open a missing key with S3StoreError', async () => {
    await expect(new S3BatchSource(s3.client, 'raw').open('raw/missing.ndjson.gz')).rejects.toBeInstanceOf(S3StoreError);
  });
});

describe('quarantine and URIs', () => {
  it('writes a batch’s rejects beside its path under quarantine/', async () => {
    const key = batchKey('slack', 'audit', at, 'run-q', 3);
    expect(quarantineKeyFor(key)).toBe(key.replace(/^raw\//, 'quarantine/'));
    const out = await writeQuarantine({ client: s3.client, bucket: 'raw' }, key, [{ id: 'x', reason: 'missing-actor', ref: { file: key, line: 4 } }]);
    expect(out.uri).toBe(`s3://raw/${quarantineKeyFor(key)}`);
    const text = (await readObject(quarantineKeyFor(key))).text;
    expect(JSON.parse(text.trim())).toEqual({ id: 'x', reason: 'missing-actor', ref: { file: key, line: 4 } });
  });

  it('writes a record nested too deep for JSON.stringify with its nesting cut, and every other line whole (P2-1)', async () => {
    const key = batchKey('slack', 'audit', at, 'run-deep', 1);
    const deep = JSON.parse(`${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`) as Record<string, unknown>;
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    const lines = [{ id: 'd', reason: 'bad-shape', record: { deep } }, { id: 'ok', reason: 'missing-actor', record: { n: 1 } }];
    await writeQuarantine({ client: s3.client, bucket: 'raw' }, key, lines);
    const [first, second] = (await readObject(quarantineKeyFor(key))).text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(first).toMatchObject({ id: 'd', reason: 'bad-shape' });
    let depth = 0;
    for (let v: unknown = first!.record; typeof v === 'object' && v !== null; v = Object.values(v)[0]) depth++;
    expect(depth).toBe(63); // 64 levels, the line itself included
    expect(JSON.stringify(first)).toContain('[nested deeper than 64 levels: cut]');
    expect(second).toEqual(lines[1]);
  });

  it('parses s3:// URIs and rejects others', () => {
    expect(parseS3Uri('s3://my-bucket/raw/source=slack/')).toEqual({ bucket: 'my-bucket', key: 'raw/source=slack/' });
    expect(parseS3Uri('s3://my-bucket')).toEqual({ bucket: 'my-bucket', key: '' });
    expect(() => parseS3Uri('https://my-bucket/x')).toThrow(S3UriError);
    expect(() => parseS3Uri('s3://My_Bucket/x')).toThrow(S3UriError);
  });
});
