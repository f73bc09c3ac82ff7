import { existsSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { BenchError } from './bench-error.ts';
import { costPerMillion, lambdaTable, PRICES } from './cost-model.ts';
import { DEFAULT_SHAPE } from './corpus/corpus-records.ts';
import type { CorpusShape } from './corpus/corpus-records.ts';
import { corpusTotals, readCorpusManifest, writeCorpus } from './corpus/write-corpus.ts';
import { measureDuckDb } from './measure/duckdb-aggregates.ts';
import type { DuckDbResult } from './measure/duckdb-aggregates.ts';
import { measureFloor } from './measure/floor.ts';
import type { FloorResult } from './measure/floor.ts';
import type { HoardwatchResult } from './measure/hoardwatch-result.ts';
import { bundleChild, runHoardwatchChild } from './measure/hoardwatch.ts';
import { parseOptions, USAGE } from './options.ts';
import { summarizeCpuProfile } from './report/cpu-profile-summary.ts';
import type { ProfileSummary } from './report/cpu-profile-summary.ts';
import { summarizeMemory, summarizeStateOps, throughput } from './report/figures.ts';
import type { Throughput } from './report/figures.ts';
import { formatReport } from './report/print-report.ts';

const MiB = 1024 * 1024;
const DAY = 86_400_000;
const log = (msg: string): void => void process.stderr.write(`${msg}\n`);

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  if (opts === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const startedAt = new Date();
  const loadAverage = loadavg();
  const shape: CorpusShape = { ...DEFAULT_SHAPE, seed: opts.seed, events: opts.events, people: opts.people, eventsPerDay: opts.eventsPerDay };
  const corpusDir = join(opts.cacheDir, `corpus-${shape.seed}-${shape.events}-${shape.people}-${shape.eventsPerDay}-${opts.batchEvents}`);

  let manifest = await readCorpusManifest(corpusDir, shape, opts.batchEvents);
  const cached = manifest !== undefined;
  if (!manifest) {
    log(`writing corpus of ${shape.events.toLocaleString('en-US')} records to ${corpusDir}`);
    const t0 = performance.now();
    manifest = await writeCorpus(corpusDir, shape, opts.batchEvents, (n) => process.stderr.write(`\r  ${n.toLocaleString('en-US')} records`));
    log(`\n  done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const keys = manifest.files.map((f) => f.key);
  const totals = corpusTotals(manifest);
  if (opts.corpusOnly) {
    log(`corpus: ${totals.events} records, ${keys.length} files, ${(totals.bytes / MiB).toFixed(1)} MiB (${(totals.gzBytes / MiB).toFixed(1)} MiB gzip) in ${corpusDir}`);
    return;
  }

  let floor: FloorResult | undefined;
  if (!opts.skipFloor) {
    log('(a) floor: gunzip + line split + JSON.parse');
    floor = await measureFloor(corpusDir, keys);
    if (floor.events !== totals.events) throw new BenchError(`floor read ${floor.events} records, the corpus has ${totals.events}`);
  }

  const runDir = join(opts.cacheDir, `run-${process.pid}-${startedAt.getTime()}`);
  await mkdir(runDir, { recursive: true });
  const bundle = await bundleChild(runDir);
  const profDir = opts.cpuProf ? join(runDir, 'cpu-prof') : undefined;
  const runB = async (workers: number, cpuProfDir: string | undefined): Promise<HoardwatchResult> => {
    // Item files go to RAM-backed /dev/shm where there is one: a disk's journal made each write ~10x dearer than the
    // memory copy a DynamoDB request costs the Lambda, and tmpfs pages are not the child's RSS.
    const statePath = opts.state !== 'items' ? join(runDir, `state-${workers}.json`)
      : existsSync('/dev/shm') ? await mkdtemp('/dev/shm/hoardwatch-bench-items-') : join(runDir, `state-items-${workers}`);
    const dropState = (): Promise<void> => (opts.state === 'items' ? rm(statePath, { recursive: true, force: true }) : Promise.resolve());
    // Interrupted, the run must not leave its items in RAM-backed /dev/shm (a 10 M run leaves ~110 MiB there).
    const onSignal = (signal: NodeJS.Signals): void => {
      if (opts.state === 'items') rmSync(statePath, { recursive: true, force: true });
      process.kill(process.pid, signal);
    };
    process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
    const result = await runHoardwatchChild({
      bundle: bundle.child,
      workDir: runDir,
      ...(cpuProfDir ? { cpuProfDir } : {}),
      args: {
        root: corpusDir, keys, batchesPerInvocation: opts.batchesPerInvocation, state: opts.state, statePath, workers, workerScript: bundle.worker,
        // The clock stands at the end of the corpus: config expiry checks see the corpus's "now".
        clockMs: shape.start + Math.ceil(shape.events / shape.eventsPerDay) * DAY, measureSizes: workers === 1,
        ...(opts.heapLimitMb === undefined ? {} : { heapLimitMb: opts.heapLimitMb }),
      },
    }).catch(async (err: unknown) => {
      // A failed child (e.g. out of memory under --heap-limit-mb) leaves nothing worth keeping but a profile.
      await dropState();
      if (!profDir) await rm(runDir, { recursive: true, force: true });
      throw err;
    });
    await dropState();
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    const events = result.batches.reduce((n, b) => n + b.records, 0);
    if (events !== totals.events) throw new BenchError(`(b) read ${events} records, the corpus has ${totals.events}`);
    return result;
  };

  // (b) with one worker (the Lambda's case, profiled and costed), then with each worker count asked for.
  const workerCounts = [1, ...opts.workers.map((w) => (w === 'all' ? cpus().length : w)).filter((w) => w > 1)];
  const hwRuns: HoardwatchResult[] = [];
  for (const workers of [...new Set(workerCounts)]) {
    log(`(b) Hoardwatch end to end (${opts.state} state, ${workers} worker${workers > 1 ? 's' : ''}), in a child process`);
    hwRuns.push(await runB(workers, workers === 1 ? profDir : undefined));
  }
  const hw = hwRuns[0]!;
  for (const r of hwRuns.slice(1)) {
    if (r.alertDigest !== hw.alertDigest) throw new BenchError(`(b) with ${r.workers} workers raised other alerts than with one`);
  }

  const hwEvents = hw.batches.reduce((n, b) => n + b.records, 0);

  const duck: DuckDbResult[] = [];
  if (!opts.skipDuckdb) {
    for (const t of opts.duckdbThreads) {
      const threads = t === 'all' ? cpus().length : t;
      if (duck.some((d) => d.threads === threads)) continue;
      log(`(c) DuckDB, ${threads} thread(s)`);
      const d = await measureDuckDb(corpusDir, keys, threads);
      if (d.events !== totals.events) throw new BenchError(`DuckDB aggregated ${d.events} records, the corpus has ${totals.events}`);
      duck.push(d);
    }
  }

  const rows: { label: string; t: Throughput }[] = [];
  const floorT = floor ? throughput(floor.events, totals.bytes, floor.seconds) : undefined;
  const hwT = throughput(hwEvents, totals.bytes, hw.seconds);
  if (floorT) rows.push({ label: '(a) floor: gunzip + split + JSON.parse', t: floorT });
  rows.push({ label: `(b) Hoardwatch: read + normalize + detect + ${hw.state} state`, t: hwT });
  for (const r of hwRuns.slice(1)) rows.push({ label: `(b) Hoardwatch, ${r.workers} workers`, t: throughput(hwEvents, totals.bytes, r.seconds) });
  for (const d of duck) rows.push({ label: `(c) DuckDB per-principal hourly aggregates, ${d.threads} thr`, t: throughput(d.events, totals.bytes, d.seconds) });
  const ratios: { label: string; value: number }[] = [];
  if (floorT) ratios.push({ label: 'b/a (share of the parse floor reached)', value: hwT.eventsPerSecond / floorT.eventsPerSecond });
  for (const d of duck) {
    const b = hwRuns.find((r) => r.workers === d.threads);
    if (b) ratios.push({ label: `b/c (${d.threads} worker${d.threads > 1 ? 's' : ''} vs DuckDB, ${d.threads} thread${d.threads > 1 ? 's' : ''})`, value: d.seconds / b.seconds });
  }
  for (const r of hwRuns.slice(1)) {
    ratios.push({ label: `b with ${r.workers} workers / (${r.workers} × b with 1) (target ≥ 0.8)`, value: hw.seconds / r.seconds / r.workers });
  }

  const busy = hwRuns.map((r) => ({ workers: r.workers, cores: r.cpuSeconds / r.seconds }));

  const stateOps = summarizeStateOps(hw.batches);
  const memory = summarizeMemory(hw.batches, hw.maxRssMiB, hw.heapUsedMaxMiB, hw.heapLimitMiB);
  const workersRss = hwRuns.slice(1).map((r) => ({ workers: r.workers, maxRssMiB: r.maxRssMiB }));
  const alerts = hw.batches.reduce((n, b) => n + b.alerts, 0);
  const perMillion = 1e6 / hwEvents;
  const costInputs = {
    eventsPerSecond: hwT.eventsPerSecond,
    lambdaMemoryMb: opts.lambdaMemoryMb,
    meanBatchEvents: hwEvents / keys.length,
    meanInvocationEvents: hwEvents / hw.batches.length,
    readUnitsPerMillion: stateOps.readUnits * perMillion,
    writeUnitsPerMillion: stateOps.writeUnits * perMillion,
    alertsPerMillion: alerts * perMillion,
    gzBytesPerMillion: totals.gzBytes * perMillion,
  };
  const cost = costPerMillion(costInputs);
  const lambda = lambdaTable({
    eventsPerSecond: hwT.eventsPerSecond, slowestBatchSeconds: Math.max(0, ...hw.batches.map((b) => b.seconds)),
    meanInvocationEvents: costInputs.meanInvocationEvents, peakRssMiB: hw.maxRssMiB,
  });

  let profile: ProfileSummary | undefined;
  if (profDir) {
    const file = (await readdir(profDir)).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new BenchError(`--cpu-prof: no profile written in ${profDir}`);
    profile = await summarizeCpuProfile(join(profDir, file), new URL('..', import.meta.url).pathname.replace(/\/$/, ''), 30);
  }

  process.stdout.write(`${formatReport({
    corpus: { events: totals.events, files: keys.length, mib: totals.bytes / MiB, gzMib: totals.gzBytes / MiB, meanRecordBytes: totals.bytes / totals.events, cached },
    rows, ratios, memory, stateMode: hw.state, ...(hw.stateBytes === undefined ? {} : { stateBytes: hw.stateBytes }), stateOps, alerts, distinctAlerts: hw.distinctAlerts,
    ...(hw.itemSizes ? { itemSizes: hw.itemSizes } : {}), lambda,
    rejected: hw.batches.reduce((n, b) => n + b.rejected, 0), workersRss, busy, machineCores: cpus().length, cost, lambdaMemoryMb: opts.lambdaMemoryMb, batchesPerInvocation: opts.batchesPerInvocation, ...(profile ? { profile } : {}), loadAverage,
  })}\n`);

  await mkdir(opts.results, { recursive: true });
  const resultPath = join(opts.results, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(resultPath, `${JSON.stringify({
    startedAt: startedAt.toISOString(),
    machine: { node: process.version, cpu: cpus()[0]?.model, cores: cpus().length, loadAverageAtStart: loadAverage, loadAverageAtEnd: loadavg() },
    options: opts,
    corpus: { dir: corpusDir, shape, batchEvents: opts.batchEvents, files: keys.length, ...totals },
    throughput: Object.fromEntries(rows.map((r) => [r.label, r.t])),
    ratios: Object.fromEntries(ratios.map((r) => [r.label, r.value])),
    floor, hoardwatch: { ...hw, memory, stateOps }, hoardwatchWorkers: hwRuns.slice(1), duckdb: duck,
    cost: { prices: PRICES, inputs: costInputs, perMillion: cost, lambda },
    ...(profile ? { profile, cpuProfileDir: profDir } : {}),
  }, null, 1)}\n`);
  log(`result: ${resultPath}`);
  // The bundle and the state file are only worth keeping with the profile that needs the bundle's source map.
  if (!profDir) await rm(runDir, { recursive: true, force: true });
  else log(`CPU profile and source-mapped bundle kept in ${runDir}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
