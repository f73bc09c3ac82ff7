import type { BatchReport } from '../measure/hoardwatch-result.ts';

const MiB = 1024 * 1024;

export interface Throughput {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  /** Uncompressed MiB per second. */
  mibPerSecond: number;
}

export const throughput = (events: number, bytes: number, seconds: number): Throughput =>
  ({ events, seconds, eventsPerSecond: events / seconds, mibPerSecond: bytes / MiB / seconds });

export interface StateOpsSummary {
  batches: number;
  /** Records of all batches: the base of the per-million figures, as in the cost model. */
  records: number;
  meanPrincipals: number;
  meanIdentities: number;
  meanItemReads: number;
  /** Items handed to save per batch (meanItemWrites) and actually written (meanItemPuts; the rest were unchanged). */
  meanItemWrites: number;
  meanItemPuts: number;
  unchangedWrites: number;
  /** (item reads + item writes) / distinct principals, over batches. */
  meanOpsPerPrincipal: number;
  maxOpsPerPrincipal: number;
  /** DynamoDB requests (BatchGet rounds of 100 keys + one Put per item written) per principal: the ≤ 2 target. */
  maxRequestsPerPrincipal: number;
  /** Profile items only: one read and at most one write per principal is the target (≤ 2). */
  maxProfileOpsPerPrincipal: number;
  meanEventsPerPrincipal: number;
  readUnits: number;
  writeUnits: number;
  jsonReadUnits: number;
  jsonWriteUnits: number;
  meanItemBytes: number;
  maxItemBytes: number;
  stateLoadSeconds: number;
  stateSaveSeconds: number;
}

const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** State traffic against distinct principals, per batch. */
export function summarizeStateOps(batches: readonly BatchReport[]): StateOpsSummary {
  const withPrincipals = batches.filter((b) => b.principals > 0);
  const opsPer = withPrincipals.map((b) => (b.itemReads + b.itemWrites) / b.principals);
  // Profile reads equal principals (one per key loaded); writes are the profiles saved.
  const profileOpsPer = withPrincipals.map((b) => (b.principals + b.profileWrites) / b.principals);
  return {
    batches: batches.length,
    records: batches.reduce((n, b) => n + b.records, 0),
    meanPrincipals: mean(batches.map((b) => b.principals)),
    meanIdentities: mean(batches.map((b) => b.identities)),
    meanItemReads: mean(batches.map((b) => b.itemReads)),
    meanItemWrites: mean(batches.map((b) => b.itemWrites)),
    meanItemPuts: mean(batches.map((b) => b.itemPuts)),
    unchangedWrites: batches.reduce((n, b) => n + b.itemWrites - b.itemPuts, 0),
    meanOpsPerPrincipal: mean(opsPer),
    maxOpsPerPrincipal: Math.max(0, ...opsPer),
    maxProfileOpsPerPrincipal: Math.max(0, ...profileOpsPer),
    maxRequestsPerPrincipal: Math.max(0, ...withPrincipals.map((b) => (Math.ceil(b.itemReads / 100) + b.itemPuts) / b.principals)),
    meanEventsPerPrincipal: mean(withPrincipals.map((b) => b.events / b.principals)),
    readUnits: batches.reduce((n, b) => n + b.readUnits, 0),
    writeUnits: batches.reduce((n, b) => n + b.writeUnits, 0),
    jsonReadUnits: batches.reduce((n, b) => n + b.jsonReadUnits, 0),
    jsonWriteUnits: batches.reduce((n, b) => n + b.jsonWriteUnits, 0),
    meanItemBytes: mean(batches.filter((b) => b.meanItemBytes > 0).map((b) => b.meanItemBytes)),
    maxItemBytes: Math.max(0, ...batches.map((b) => b.maxItemBytes)),
    stateLoadSeconds: batches.reduce((n, b) => n + b.stateLoadMs, 0) / 1000,
    stateSaveSeconds: batches.reduce((n, b) => n + b.stateSaveMs, 0) / 1000,
  };
}

export interface MemorySummary {
  maxRssMiB: number;
  heapUsedMaxMiB: number;
  /** RSS after the first batch, after the middle one and after the last: flat means bounded. */
  rssAfterFirstMiB: number;
  rssAfterMiddleMiB: number;
  rssAfterLastMiB: number;
  /** Live heap (after a full GC) at batch ends: max, and after the first / last batch. */
  liveHeapMaxMiB: number;
  liveHeapAfterFirstMiB: number;
  liveHeapAfterLastMiB: number;
  heapLimitMiB?: number;
  /** Live heap once all of a batch's events were added: max over batches, and its batch's principals and events. */
  liveHeapAtLoadMaxMiB: number;
  liveHeapAtLoadMaxBatch: { key: string; principals: number; events: number } | undefined;
  /** Live heap with a batch's profiles loaded and judged as well: max over batches. */
  liveHeapJudgedMaxMiB: number;
}

export function summarizeMemory(batches: readonly BatchReport[], maxRssMiB: number, heapUsedMaxMiB: number, heapLimitMiB?: number): MemorySummary {
  const at = (i: number): BatchReport | undefined => batches[Math.max(0, Math.min(batches.length - 1, i))];
  const fullest = batches.reduce<BatchReport | undefined>((m, b) => (!m || b.liveHeapAtLoadMiB > m.liveHeapAtLoadMiB ? b : m), undefined);
  return {
    maxRssMiB, heapUsedMaxMiB,
    rssAfterFirstMiB: at(0)?.rssAfterMiB ?? 0, rssAfterMiddleMiB: at(Math.floor(batches.length / 2))?.rssAfterMiB ?? 0,
    rssAfterLastMiB: at(batches.length - 1)?.rssAfterMiB ?? 0,
    liveHeapMaxMiB: Math.max(0, ...batches.map((b) => b.liveHeapAfterMiB)),
    liveHeapAfterFirstMiB: at(0)?.liveHeapAfterMiB ?? 0,
    liveHeapAfterLastMiB: at(batches.length - 1)?.liveHeapAfterMiB ?? 0,
    ...(heapLimitMiB === undefined ? {} : { heapLimitMiB }),
    liveHeapAtLoadMaxMiB: fullest?.liveHeapAtLoadMiB ?? 0,
    liveHeapAtLoadMaxBatch: fullest ? { key: fullest.key, principals: fullest.principals, events: fullest.events } : undefined,
    liveHeapJudgedMaxMiB: Math.max(0, ...batches.map((b) => b.liveHeapJudgedMiB)),
  };
}

/**
 * The most "N workers / (N × one worker)" can reach on `machineCores`: one worker's run already keeps `oneWorkerCores`
 * busy (V8 compiles and collects garbage on background threads, libuv gunzips), so N workers get at most
 * min(machineCores, N × oneWorkerCores) of CPU, before any cost of splitting the work.
 */
export function workerRatioBound(oneWorkerCores: number, workers: number, machineCores: number): number {
  return Math.min(1, machineCores / (oneWorkerCores * workers));
}
