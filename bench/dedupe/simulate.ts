import { dynamoItemBytes } from '../../lib/adapters/checkpoints/dynamodb-item-bytes.ts';
import type { Envelope } from '../../lib/core/envelope.ts';
import { DedupeStore } from '../../lib/sources/dedupe/dedupe-store.ts';
import { journalOf } from '../../lib/sources/dedupe/journal.ts';
import type { PullStep } from '../../lib/sources/run/collector.ts';
import { filterStep } from '../../lib/sources/run/step-filter.ts';
import { CountingBackend, type Units } from './counting-backend.ts';

export interface DedupeSimOptions {
  eventsPerDay: number;
  hours: number;
  /** Minutes between runs. */
  intervalMinutes: number;
  /** Minutes re-read behind the watermark every run (Slack's default overlap). */
  overlapMinutes: number;
  /** Records per step (a Slack page). */
  stepSize: number;
}

export interface DedupeSimResult {
  options: DedupeSimOptions;
  runs: number;
  events: number;
  lookups: number;
  written: number;
  duplicates: number;
  units: Units;
  /** Extra write units the journal adds to the checkpoint puts. */
  checkpointJournalWriteUnits: number;
  maxCheckpointBytes: number;
  maxSegmentBytes: number;
  maxHeadBytes: number;
  storedBytes: number;
  /** Most digest-table bytes a run held, and the most heap a run added. */
  peakStoreBytes: number;
  peakDigestsHeld: number;
  peakHeapDeltaBytes: number;
  cpuSeconds: number;
}

const START = Date.UTC(2026, 10, 22, 0, 0, 0);
const MIN = 60_000;

/**
 * Collection runs every `intervalMinutes` over a source writing `eventsPerDay` evenly, each re-reading the last
 * `overlapMinutes` as the Slack collector does (its worst case: the whole overlap every run). Each run gets a fresh
 * DedupeStore (a Lambda invocation) over one CountingBackend (the table), and commits its steps as the runner does:
 * filterStep, journal in the checkpoint, flush.
 */
export async function simulateDedupe(o: DedupeSimOptions, progress: (line: string) => void = () => undefined): Promise<DedupeSimResult> {
  const backend = new CountingBackend();
  const gapMs = 86_400_000 / o.eventsPerDay;
  const record = {};
  const at = (i: number): number => START + Math.floor(i * gapMs);
  const first = (t: number): number => Math.ceil((t - START) / gapMs);
  const r: DedupeSimResult = {
    options: o, runs: 0, events: 0, lookups: 0, written: 0, duplicates: 0, units: backend.units, checkpointJournalWriteUnits: 0,
    maxCheckpointBytes: 0, maxSegmentBytes: 0, maxHeadBytes: 0, storedBytes: 0, peakStoreBytes: 0, peakDigestsHeld: 0, peakHeapDeltaBytes: 0, cpuSeconds: 0,
  };
  const cursor = { watermark: 1_795_305_600, readThrough: START };
  const announce = { key: 'raw/source=slack/stream=audit/dt=2026-11-22/hour=03/20261122T030000Z-k3f9q2-000001.ndjson.gz', seq: 1, runId: '20261122T030000Z-k3f9q2', uri: 's3://bucket/raw/…' };
  let previous = START;
  for (let now = START + o.intervalMinutes * MIN; now <= START + o.hours * 60 * MIN; now += o.intervalMinutes * MIN) {
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const t0 = process.cpuUsage();
    const store = new DedupeStore({ backend, now: () => now });
    const from = first(Math.max(START, previous - o.overlapMinutes * MIN));
    const to = first(now);
    let heapPeak = 0;
    for (let s = to - 1; s >= from; s -= o.stepSize) {
      const lo = Math.max(from, s - o.stepSize + 1);
      const envelopes: Envelope[] = [];
      const eventTimes: number[] = [];
      for (let i = s; i >= lo; i--) {
        envelopes.push({ v: 1, source: 'slack', stream: 'audit', id: `e${i}`, fetchedAt: '', record });
        eventTimes.push(at(i));
      }
      const step: PullStep<unknown> = { stream: 'audit', envelopes, eventTimes, cursor };
      const f = await filterStep(store, step, { previousNewestMs: undefined, nowMs: now });
      r.lookups += envelopes.length;
      r.duplicates += f.duplicates;
      for (const [n, part] of f.parts.entries()) {
        r.written += part.envelopes.length;
        if (part.digests.size === 0) continue;
        const journal = journalOf(`run${r.runs}.${s}.${n}`, part.digests);
        const bare = { pk: 'checkpoint#slack', version: 12345, data: JSON.stringify({ cursor, announce }) };
        const item = { ...bare, data: JSON.stringify({ cursor, announce, journal }) };
        const bytes = dynamoItemBytes(item);
        r.maxCheckpointBytes = Math.max(r.maxCheckpointBytes, bytes);
        r.checkpointJournalWriteUnits += Math.ceil(bytes / 1024) - Math.ceil(dynamoItemBytes(bare) / 1024);
        await store.flush(journal);
      }
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed - heapBefore);
    }
    const used = process.cpuUsage(t0);
    r.cpuSeconds += (used.user + used.system) / 1e6;
    r.peakStoreBytes = Math.max(r.peakStoreBytes, store.stats.peakBytes);
    r.peakDigestsHeld = Math.max(r.peakDigestsHeld, store.stats.peakDigests);
    r.peakHeapDeltaBytes = Math.max(r.peakHeapDeltaBytes, heapPeak);
    r.runs++;
    r.events = to;
    previous = now;
    if (r.runs % 6 === 0) progress(`  ${new Date(now).toISOString().slice(11, 16)} ${r.events.toLocaleString('en-US')} events, ${r.lookups.toLocaleString('en-US')} lookups`);
  }
  r.maxSegmentBytes = backend.maxSegmentBytes;
  r.maxHeadBytes = backend.maxHeadBytes;
  r.storedBytes = backend.storedBytes();
  return r;
}
