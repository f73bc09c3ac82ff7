import { dedupeCostPerMillion, PRICES, type DedupeCostPerMillion } from '../cost-model.ts';
import type { DedupeSimResult } from '../dedupe/simulate.ts';

const n0 = (x: number): string => Math.round(x).toLocaleString('en-US');
const kb = (x: number): string => `${(x / 1024).toFixed(1)} KiB`;
const mib = (x: number): string => `${(x / 1024 / 1024).toFixed(1)} MiB`;
const usd = (x: number): string => `$${x < 0.01 ? x.toFixed(5) : x.toFixed(4)}`;

export interface DedupeReport {
  text: string;
  cost: DedupeCostPerMillion;
  perMillion: { readUnits: number; writeUnits: number; storedBytes: number; cpuSeconds: number };
}

/** The figures of a dedupe simulation and what a million events' dedupe costs. */
export function dedupeReport(r: DedupeSimResult, retentionDays: number, lambdaMemoryMb: number): DedupeReport {
  const per = 1e6 / r.written;
  const perMillion = {
    readUnits: r.units.readUnits * per,
    writeUnits: (r.units.writeUnits + r.checkpointJournalWriteUnits) * per,
    // Digests of a million events, as stored (segments compacted, heads).
    storedBytes: r.storedBytes * per,
    cpuSeconds: r.cpuSeconds * per,
  };
  const cost = dedupeCostPerMillion({
    readUnitsPerMillion: perMillion.readUnits, writeUnitsPerMillion: perMillion.writeUnits, storedBytesPerMillion: perMillion.storedBytes,
    retentionDays, cpuSecondsPerMillion: perMillion.cpuSeconds, lambdaMemoryMb,
  });
  const o = r.options;
  const lines = [
    `dedupe at ${n0(o.eventsPerDay)} events/day: ${o.hours} h simulated, a run every ${o.intervalMinutes} min re-reading ${o.overlapMinutes} min, steps of ${n0(o.stepSize)}`,
    `  ${n0(r.runs)} runs, ${n0(r.events)} events, ${n0(r.lookups)} lookups; written ${n0(r.written)}, duplicates dropped ${n0(r.duplicates)} (exact: ${r.written === r.events ? 'yes' : 'NO'})`,
    `  memory per run: digest tables at most ${mib(r.peakStoreBytes)} for ${n0(r.peakDigestsHeld)} digests; heap added at most ${mib(r.peakHeapDeltaBytes)}`,
    `  items (as DynamoDB counts them): checkpoint with journal ≤ ${kb(r.maxCheckpointBytes)}, segment ≤ ${kb(r.maxSegmentBytes)}, bucket head ≤ ${kb(r.maxHeadBytes)} (budget 341.8 KiB)`,
    `  stored after ${o.hours} h: ${mib(r.storedBytes)} (${n0(perMillion.storedBytes)} B per million events, kept ${retentionDays} days)`,
    `  per million events: ${n0(perMillion.readUnits)} RRU, ${n0(perMillion.writeUnits)} WRU (${n0(r.checkpointJournalWriteUnits * per)} of them the journal in checkpoint puts), ${perMillion.cpuSeconds.toFixed(2)} CPU-s`,
    `cost per 1 M events (DynamoDB $${PRICES.dynamoWriteUnit * 1e6}/M WRU, $${PRICES.dynamoReadUnit * 1e6}/M RRU, $0.25/GB-month; Lambda ${lambdaMemoryMb} MB x86):`,
    `  requests ${usd(cost.usd.dynamoRequests)} + storage ${usd(cost.usd.dynamoStorage)} + Lambda CPU ${usd(cost.usd.lambda)} = ${usd(cost.usd.total)}`,
  ];
  return { text: lines.join('\n'), cost, perMillion };
}
