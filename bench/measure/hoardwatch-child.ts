import { createHash } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { ParallelRun } from '../../lib/replay/parallel/parallel-run.ts';
import { WorkerPool } from '../../lib/replay/parallel/worker-pool.ts';
import { FsBatchSource } from '../../lib/adapters/batches/fs-batch-source.ts';
import { FileState } from '../../lib/adapters/state/file-state.ts';
import { fixedClock } from '../../lib/core/clock.ts';
import { defaultConfig } from '../../lib/core/config.ts';
import { newNormalizeContext } from '../../lib/core/normalize/index.ts';
import type { StatePort } from '../../lib/core/state.ts';
import { detectBatch, type DetectBatchOutcome } from '../../lib/pipeline/detect-batch.ts';
import { runReplay } from '../../lib/replay/run-replay.ts';
import { readInput } from '../../lib/replay/read-input.ts';
import { CountingStatePort, itemReads, itemWrites } from '../../test/support/counting-state-port.ts';
import type { BatchReport, HoardwatchResult } from './hoardwatch-result.ts';
import { BenchError } from '../bench-error.ts';
import { ChildArgsSchema } from './hoardwatch-result.ts';
import { DynamoDbState } from '../../lib/adapters/state/dynamodb-state.ts';
import { FileTable } from './file-table.ts';
import { invocationGroups } from './invocation-groups.ts';
import { SizeHistogram } from './size-histogram.ts';

/**
 * (b) Hoardwatch end to end, in its own process so its peak RSS is its own: every batch file through the replay
 * read path (lib/replay/read-input.ts), detectBatch (normalize + DetectionRun) and state load/save, one batch at a
 * time as the detect Lambda does. Run from an esbuild bundle, like the Lambda.
 */
const MiB = 1024 * 1024;
/** The parent starts the child with --expose-gc. */
function forceGc(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new BenchError('hoardwatch-child needs node --expose-gc');
  gc();
}

/** CPU of the bench's own measuring (forced GCs, item sizing), kept out of `cpuSeconds` as its time is out of `seconds`. */
let measuringCpuUs = 0;
/** A forced GC, its CPU (V8 may use helper threads) counted as measuring; returns its wall time in ms. */
function measuredGc(): number {
  const c0 = process.cpuUsage();
  const g0 = performance.now();
  forceGc();
  const c = process.cpuUsage(c0);
  measuringCpuUs += c.user + c.system;
  return performance.now() - g0;
}

const sum = <T,>(xs: readonly T[], f: (x: T) => number): number => xs.reduce((n, x) => n + f(x), 0);

async function main(): Promise<void> {
  const args = ChildArgsSchema.parse(JSON.parse(await readFile(process.argv[2] ?? '', 'utf8')));
  // items: the real DynamoDbState (encoding, unchanged-item skips, budgets) over a table of files that bills as DynamoDB.
  const items = args.state === 'items' ? new FileTable(args.statePath) : undefined;
  const inner = items
    ? new DynamoDbState({ table: 'bench', doc: items.doc, now: () => args.clockMs })
    : args.state === 'file' ? await FileState.open(args.statePath) : FileState.inMemory();
  // JSON sizes of the items read and of those handed to save (written or not): what the encoding is compared with.
  const jsonRead = new SizeHistogram();
  const jsonWritten = new SizeHistogram();
  const state = new CountingStatePort(inner, { measureSizes: args.measureSizes });
  // When profiles are loaded every event of the batch has been added: a full GC there shows what the batch's
  // DetectionRun holds at its fullest. When identities are loaded its profiles are loaded and judged too: the most
  // a batch holds at once. Both outside the timing.
  const probe = { loads: 0, liveAtLoad: 0, liveJudged: 0, gcMs: 0 };
  const probed: StatePort = {
    load: async (keys) => {
      probe.gcMs += measuredGc();
      if (probe.loads++ === 0) probe.liveAtLoad = process.memoryUsage().heapUsed;
      else probe.liveJudged = process.memoryUsage().heapUsed;
      return state.load(keys);
    },
    save: (changes) => state.save(changes),
  };
  const source = new FsBatchSource(args.root);
  const config = defaultConfig();
  const clock = fixedClock(args.clockMs);
  const normalizeContext = newNormalizeContext();
  const pool = args.workers > 1 ? new WorkerPool(args.workers, config, pathToFileURL(args.workerScript ?? '')) : undefined;
  const newRun = pool ? (): ParallelRun => new ParallelRun(pool, config, clock) : undefined;
  const alertKeys: string[] = [];
  let heapUsedMax = 0;
  const sampler = setInterval(() => (heapUsedMax = Math.max(heapUsedMax, process.memoryUsage().heapUsed)), 250);
  const batches: BatchReport[] = [];
  let sizingMs = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  // One invocation per call, as the detect Lambda's detectObjects: its outcome (its loaded profiles) must not stay
  // referenced from this loop's frame while the next one runs. Several keys: a source's queued batches, detected
  // together, each marked under its own id (its records' content id, as in the Lambda).
  const runOne = async (keys: readonly string[]): Promise<BatchReport> => {
    const b0 = performance.now();
    const key = keys[0]!;
    const input = async function* () {
      for (const k of keys) yield* readInput({ source, key: k, name: k });
    };
    const out = await detectBatch(input(), { state: probed, config, clock, normalizeContext, ...(keys.length > 1 ? { separateFiles: true } : { batchId: key }) });
    for (const a of out.result.alerts) alertKeys.push(`${a.id}@${a.escalation.tier}`);
    const ops = state.take();
    const units = items?.take();
    for (const b of ops.readItemBytes) jsonRead.add(b);
    for (const b of ops.writeItemBytes) jsonWritten.add(b);
    // A full GC (outside the timing) shows the live set each batch leaves behind, whatever V8's heap headroom.
    const gcMs = measuredGc() + probe.gcMs;
    probe.gcMs = 0;
    probe.loads = 0;
    sizingMs += ops.sizingMs + gcMs;
    measuringCpuUs += ops.sizingMs * 1000; // sizing is synchronous JSON work on this thread: its CPU is its time
    const sizes = [...ops.readItemBytes, ...ops.writeItemBytes];
    // The units of plain-JSON items with every item handed to save written (the layout before items were encoded):
    // items not found cost a read unit too; with sizes unmeasured every item counts as one unit.
    const jsonUnits = {
      read: args.measureSizes ? sum(ops.readItemBytes, (b) => Math.ceil(b / 4096)) + (itemReads(ops) - ops.readItemBytes.length) : itemReads(ops),
      write: args.measureSizes ? sum(ops.writeItemBytes, (b) => Math.ceil(b / 1024)) : itemWrites(ops),
    };
    return {
      key,
      records: out.counts.records,
      events: out.counts.events,
      rejected: Object.values(out.counts.rejected).reduce((n, c) => n + c, 0),
      alerts: out.result.alerts.length,
      principals: out.result.stats.principals,
      identities: ops.identityReads,
      itemReads: itemReads(ops),
      itemWrites: itemWrites(ops),
      profileWrites: ops.profileWrites,
      identityWrites: ops.identityWrites,
      itemPuts: units ? units.puts : itemWrites(ops),
      // items: billed by the table on the encoded items. Otherwise estimated on the JSON.
      readUnits: units ? units.readUnits : jsonUnits.read,
      writeUnits: units ? units.writeUnits : jsonUnits.write,
      jsonReadUnits: jsonUnits.read,
      jsonWriteUnits: jsonUnits.write,
      meanItemBytes: sizes.length ? Math.round(sum(sizes, (b) => b) / sizes.length) : 0,
      maxItemBytes: sizes.length ? Math.max(...sizes) : 0,
      seconds: (performance.now() - b0 - ops.sizingMs - gcMs) / 1000,
      stateLoadMs: ops.loadMs,
      stateSaveMs: ops.saveMs,
      rssAfterMiB: process.memoryUsage().rss / MiB,
      liveHeapAfterMiB: process.memoryUsage().heapUsed / MiB,
      liveHeapAtLoadMiB: probe.liveAtLoad / MiB,
      liveHeapJudgedMiB: probe.liveJudged / MiB,
    };
  };
  if (newRun) {
    // With workers, as `replay --workers` runs: the next batch is read while the workers judge the one before.
    await runReplay(args.keys.map((key) => ({ source, key, name: key })), {
      // Not `probed`: its forced GCs would fall inside this run's timing (the one-worker run's probes stand for both).
      state, config, clock, newRun,
      onBatch: (out) => {
        for (const a of out.result.alerts) alertKeys.push(`${a.id}@${a.escalation.tier}`);
        batches.push(workerBatchReport(out));
        process.stderr.write(`\r  (b) batch ${batches.length}/${args.keys.length}`);
      },
    });
  } else {
    const groups = invocationGroups(args.keys, args.batchesPerInvocation);
    for (const group of groups) {
      batches.push(await runOne(group));
      // Units so far, per million records: a long run shows its figures before it ends.
      const perM = 1e6 / Math.max(1, sum(batches, (b) => b.records));
      process.stderr.write(`\r  (b) ${groups.length === args.keys.length ? 'batch' : 'invocation'} ${batches.length}/${groups.length}: ${Math.round(sum(batches, (b) => b.readUnits) * perM)} RRU + ` +
        `${Math.round(sum(batches, (b) => b.writeUnits) * perM)} WRU per M so far (plain JSON: ${Math.round(sum(batches, (b) => b.jsonReadUnits) * perM)} + ` +
        `${Math.round(sum(batches, (b) => b.jsonWriteUnits) * perM)})   `);
    }
  }
  const seconds = (performance.now() - t0 - sizingMs) / 1000;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  await pool?.close();
  process.stderr.write('\n');
  const result: HoardwatchResult = {
    state: args.state,
    batches,
    seconds,
    // Every thread of the process: the main thread, detect workers, V8's compiler and GC threads, libuv's (gunzip).
    cpuSeconds: (cpu.user + cpu.system - measuringCpuUs) / 1e6,
    // resourceUsage().maxRSS is in KiB: the process's peak resident set, including V8 heap, buffers and zlib.
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    heapUsedMaxMiB: heapUsedMax / MiB,
    ...(args.heapLimitMb === undefined ? {} : { heapLimitMiB: args.heapLimitMb }),
    workers: args.workers,
    alertDigest: createHash('sha256').update(alertKeys.sort().join('\n')).digest('hex').slice(0, 16),
    distinctAlerts: new Set(alertKeys.map((k) => k.slice(0, k.indexOf('@')))).size,
    ...(args.state === 'file' ? { stateBytes: (await stat(args.statePath)).size } : items ? { stateBytes: items.bytes } : {}),
    itemSizes: {
      jsonRead: jsonRead.summary(), jsonWritten: jsonWritten.summary(),
      ...(items ? { encodedRead: items.readSizes.summary(), encodedWritten: items.writeSizes.summary() } : {}),
    },
  };
  await writeFile(args.resultPath, JSON.stringify(result));
}

/** A batch of a run with workers: its counts only (sizes, probes and per-batch timings are the one-worker run's). */
function workerBatchReport(out: DetectBatchOutcome): BatchReport {
  return {
    key: out.batchId, records: out.counts.records, events: out.counts.events,
    rejected: Object.values(out.counts.rejected).reduce((n, c) => n + c, 0), alerts: out.result.alerts.length,
    principals: out.result.stats.principals, identities: 0, itemReads: 0, itemWrites: 0, itemPuts: 0, profileWrites: 0, identityWrites: 0,
    jsonReadUnits: 0, jsonWriteUnits: 0,
    readUnits: 0, writeUnits: 0, meanItemBytes: 0, maxItemBytes: 0, seconds: 0, stateLoadMs: 0, stateSaveMs: 0,
    rssAfterMiB: process.memoryUsage().rss / MiB, liveHeapAfterMiB: 0, liveHeapAtLoadMiB: 0, liveHeapJudgedMiB: 0,
  };
}

await main();
