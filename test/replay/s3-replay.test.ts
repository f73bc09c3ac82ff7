import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsBatchSink } from '../../lib/adapters/batches/fs-batch-sink.ts';
import { S3BatchSink } from '../../lib/adapters/batches/s3-batch-sink.ts';
import { s3BatchSourceFromUri } from '../../lib/adapters/batches/s3-batch-source.ts';
import { FileState } from '../../lib/adapters/state/file-state.ts';
import { fixedClock } from '../../lib/core/clock.ts';
import { defaultConfig } from '../../lib/core/config.ts';
import { batchKey, type Envelope } from '../../lib/core/envelope.ts';
import { discoverInputs } from '../../lib/replay/discover-inputs.ts';
import { runReplay } from '../../lib/replay/run-replay.ts';
import { startS3rver, type S3rverHandle } from '../support/s3rver.ts';
import { T0, rtemApiEvent, slackBurst } from './vendor-fixtures.ts';

const BUCKET = 'hoardwatch-raw';
let s3: S3rverHandle;
let dir: string;

/** Three collector batches: a Slack download burst split across two batches, and a Salesforce API pull. */
function batches(): { key: string; envelopes: Envelope[] }[] {
  const env = (source: Envelope['source'], stream: string, id: string, record: Record<string, unknown>): Envelope =>
    ({ v: 1, source, stream, id, fetchedAt: '2026-11-10T15:00:00Z', record });
  const burst = slackBurst(30, T0 + 4 * 3600_000);
  const at = new Date(T0 + 6 * 3600_000);
  return [
    { key: batchKey('slack', 'audit', at, 'run1', 1), envelopes: burst.slice(0, 12).map((r) => env('slack', 'audit', String(r['id']), r)) },
    { key: batchKey('slack', 'audit', at, 'run1', 2), envelopes: burst.slice(12).map((r) => env('slack', 'audit', String(r['id']), r)) },
    { key: batchKey('salesforce', 'rtem:ApiEvent', at, 'run2', 1), envelopes: [1, 2, 3].map((i) => env('salesforce', 'rtem:ApiEvent', `api-${i}`, rtemApiEvent(`api-${i}`, T0 + (5 * 60 + i) * 60_000, 20_000))) },
  ];
}

beforeAll(async () => {
  s3 = await startS3rver([BUCKET]);
  dir = await mkdtemp(join(tmpdir(), 'hw-s3replay-'));
  const fsSink = new FsBatchSink(dir);
  const s3Sink = new S3BatchSink({ client: s3.client, bucket: BUCKET });
  for (const b of batches()) {
    await fsSink.write(b.key, b.envelopes);
    await s3Sink.write(b.key, b.envelopes);
  }
});
afterAll(async () => {
  await s3?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('replay s3://bucket/prefix', () => {
  it('gives the same alerts, counts and batches as replaying the same batches from disk', async () => {
    const deps = () => ({ state: FileState.inMemory(), config: defaultConfig(), clock: fixedClock(T0 + 86_400_000) });
    const fromDisk = await runReplay(await discoverInputs([dir]), deps());
    const fromS3 = await runReplay(await discoverInputs([`s3://${BUCKET}/raw/`], (uri) => s3BatchSourceFromUri(uri, s3.client)), deps());
    expect(fromDisk.alerts.length).toBeGreaterThan(0);
    // Raw-record references name where each copy lives (s3://… or the local path); everything else is identical.
    const relative = (alerts: typeof fromDisk.alerts) => JSON.parse(JSON.stringify(alerts).replace(/"file":"[^"]*?(raw\/source=)/g, '"file":"$1'));
    expect(JSON.stringify(fromS3.alerts)).toContain(`s3://${BUCKET}/raw/`);
    expect(relative(fromS3.alerts)).toEqual(relative(fromDisk.alerts));
    expect(fromS3.counts).toEqual(fromDisk.counts);
    expect(fromS3.batches).toBe(3);
    expect(fromDisk.batches).toBe(3);
  });

  it('lists only under the prefix', async () => {
    const onlySlack = await discoverInputs([`s3://${BUCKET}/raw/source=slack/`], (uri) => s3BatchSourceFromUri(uri, s3.client));
    expect(onlySlack).toHaveLength(2);
    expect(onlySlack.every((i) => i.name.startsWith(`s3://${BUCKET}/raw/source=slack/`))).toBe(true);
  });
});
