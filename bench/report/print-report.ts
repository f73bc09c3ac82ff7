import type { CostPerMillion, LambdaRow } from '../cost-model.ts';
import { ONE_VCPU_MB, PRICES, recommendLambda, RSS_HEADROOM_SHARE } from '../cost-model.ts';
import type { HoardwatchResult, StateMode } from '../measure/hoardwatch-result.ts';
import type { ProfileSummary } from './cpu-profile-summary.ts';
import type { MemorySummary, StateOpsSummary, Throughput } from './figures.ts';
import { workerRatioBound } from './figures.ts';

export interface ReportView {
  corpus: { events: number; files: number; mib: number; gzMib: number; meanRecordBytes: number; cached: boolean };
  rows: { label: string; t: Throughput }[];
  ratios: { label: string; value: number }[];
  memory: MemorySummary;
  stateMode: StateMode;
  stateBytes?: number;
  stateOps: StateOpsSummary;
  itemSizes?: NonNullable<HoardwatchResult['itemSizes']>;
  lambda: LambdaRow[];
  alerts: number;
  distinctAlerts: number;
  rejected: number;
  /** Cores each (b) run kept busy: process CPU seconds (every thread) over its wall seconds. */
  busy: { workers: number; cores: number }[];
  machineCores: number;
  /** Peak RSS of the runs with more workers. */
  workersRss: { workers: number; maxRssMiB: number }[];
  cost: CostPerMillion;
  lambdaMemoryMb: number;
  /** A source's batches detected together per detect invocation (--batches-per-invocation). */
  batchesPerInvocation: number;
  profile?: ProfileSummary;
  loadAverage: number[];
}

const STATE_LABEL: Record<StateMode, string> = {
  file: 'FileState on disk, lib/adapters/state/file-state.ts',
  memory: 'FileState.inMemory()',
  items: 'DynamoDbState over FileTable: encoded items billed as DynamoDB bills them, no network',
};

const n0 = (x: number): string => Math.round(x).toLocaleString('en-US');
const n1 = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const n2 = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 });
const usd = (x: number): string => `$${x < 0.01 ? x.toFixed(5) : x.toFixed(4)}`;

function busyLines(busy: ReportView['busy'], cores: number): string[] {
  const one = busy.find((b) => b.workers === 1);
  if (!one) return [];
  const lines = [`cores kept busy (process CPU / wall, all threads): ${busy.map((b) => `${b.workers} worker${b.workers > 1 ? 's' : ''} ${n2(b.cores)}`).join(', ')} of ${cores}`];
  for (const b of busy.filter((x) => x.workers > 1)) {
    const bound = workerRatioBound(one.cores, b.workers, cores);
    lines.push(`    ${b.workers} workers can reach at most ${n2(bound)} of ${b.workers} × b with 1 on ${cores} cores (without any cost of splitting the work)`);
  }
  return lines;
}

export function formatReport(v: ReportView): string {
  const out: string[] = [];
  const c = v.corpus;
  out.push(`corpus: ${n0(c.events)} records in ${c.files} batch files, ${n1(c.mib)} MiB NDJSON (${n1(c.gzMib)} MiB gzip), ` +
    `${n0(c.meanRecordBytes)} B/record${c.cached ? ' (cached)' : ''}`);
  out.push(`load average at start: ${v.loadAverage.map((x) => x.toFixed(2)).join(' ')} (other work on this machine slows every row alike)`);
  out.push('');
  out.push(`${'run'.padEnd(52)}${'events/s'.padStart(12)}${'MiB/s'.padStart(9)}${'seconds'.padStart(10)}`);
  for (const r of v.rows) {
    out.push(`${r.label.padEnd(52)}${n0(r.t.eventsPerSecond).padStart(12)}${n1(r.t.mibPerSecond).padStart(9)}${n1(r.t.seconds).padStart(10)}`);
  }
  out.push('');
  for (const r of v.ratios) out.push(`${r.label.padEnd(52)}${n2(r.value).padStart(12)}`);
  out.push(...busyLines(v.busy, v.machineCores));
  out.push('');
  const m = v.memory;
  out.push(`(b) peak RSS ${n0(m.maxRssMiB)} MiB (target < 512), peak heap used ${n0(m.heapUsedMaxMiB)} MiB; ` +
    `RSS after first / middle / last batch: ${n0(m.rssAfterFirstMiB)} / ${n0(m.rssAfterMiddleMiB)} / ${n0(m.rssAfterLastMiB)} MiB`);
  out.push(`    live heap after a full GC at batch ends: first ${n0(m.liveHeapAfterFirstMiB)}, last ${n0(m.liveHeapAfterLastMiB)}, max ${n0(m.liveHeapMaxMiB)} MiB` +
    (m.heapLimitMiB === undefined ? ' (no heap limit: V8 grows its heap into free memory)' : `; V8 old space limited to ${m.heapLimitMiB} MiB`));
  if (m.liveHeapAtLoadMaxBatch) {
    out.push(`    live heap with a whole batch added (before state load): max ${n0(m.liveHeapAtLoadMaxMiB)} MiB, in a batch of ` +
      `${n0(m.liveHeapAtLoadMaxBatch.events)} events and ${n0(m.liveHeapAtLoadMaxBatch.principals)} principals (${m.liveHeapAtLoadMaxBatch.key}); ` +
      `with its profiles loaded and judged as well: max ${n0(m.liveHeapJudgedMaxMiB)} MiB`);
  }
  for (const w of v.workersRss) {
    out.push(`(b) with ${w.workers} workers: peak RSS ${n0(w.maxRssMiB)} MiB (a V8 heap per thread, and the coordinator holds the next ` +
      'batch\'s events while the workers judge one)');
  }
  const s = v.stateOps;
  const per = v.batchesPerInvocation > 1 ? `per invocation (up to ${v.batchesPerInvocation} batches of a source together)` : 'per batch';
  out.push(`(b) state (${STATE_LABEL[v.stateMode]}${v.stateBytes === undefined ? '' : `, ${n1(v.stateBytes / 1024 / 1024)} MiB at the end`}): ${per} ` +
    `${n0(s.meanPrincipals)} principals, ${n0(s.meanIdentities)} identities, ${n0(s.meanItemReads)} item reads, ${n0(s.meanItemWrites)} items saved, ` +
    `${n0(s.meanItemPuts)} written (${n0(s.unchangedWrites)} unchanged in all, not written) (${n0(s.meanEventsPerPrincipal)} events per principal)`);
  out.push(`    item ops per principal: mean ${n2(s.meanOpsPerPrincipal)}, max ${n2(s.maxOpsPerPrincipal)}; profile items only: max ${n2(s.maxProfileOpsPerPrincipal)} (≤ 2 = one read + one write); ` +
    `DynamoDB requests (BatchGet of 100 + one Put per item) per principal: max ${n2(s.maxRequestsPerPrincipal)}`);
  out.push(`    items: mean ${n0(s.meanItemBytes)} B, max ${n0(s.maxItemBytes)} B of JSON; state load ${n1(s.stateLoadSeconds)} s, save ${n1(s.stateSaveSeconds)} s in total`);
  if (v.itemSizes) {
    const z = v.itemSizes;
    const row = (label: string, x: { count: number; mean: number; p95: number; max: number } | undefined): void => {
      if (x) out.push(`      ${label.padEnd(34)}${n0(x.count).padStart(11)}${n0(x.mean).padStart(9)}${n0(x.p95).padStart(9)}${n0(x.max).padStart(10)}`);
    };
    out.push(`      ${'item sizes (B)'.padEnd(34)}${'items'.padStart(11)}${'mean'.padStart(9)}${'P95'.padStart(9)}${'max'.padStart(10)}`);
    row('read, JSON', z.jsonRead);
    row('read, encoded (as stored)', z.encodedRead);
    row('saved, JSON (written or unchanged)', z.jsonWritten);
    row('written, encoded (as stored)', z.encodedWritten);
  }
  const perM = 1e6 / Math.max(1, s.records);
  out.push(`    DynamoDB state units per million events: ${n0(s.readUnits * perM)} RRU (strongly consistent, 4 KB) + ${n0(s.writeUnits * perM)} WRU (1 KB)` +
    (v.stateMode === 'items'
      ? ` as billed on the encoded items; as plain JSON with every item saved written (before): ${n0(s.jsonReadUnits * perM)} RRU + ${n0(s.jsonWriteUnits * perM)} WRU`
      : ' estimated on the JSON'));
  out.push(`    alerts raised: ${n0(v.alerts)} (${n0(v.distinctAlerts)} distinct: an alert raised again by a later batch of its principal-day counts again); rejected records: ${n0(v.rejected)}`);
  out.push('');
  const k = v.cost;
  out.push(`cost per 1 M events (${PRICES.region} on-demand list prices assumed: Lambda $${PRICES.lambdaGbSecondX86}/GB-s x86, ` +
    `$${PRICES.lambdaGbSecondArm}/GB-s arm, $0.20/M requests; DynamoDB $0.625/M WRU, $0.125/M RRU; S3 $0.005/1k PUT, ` +
    `$0.0004/1k GET, $0.023/GB-month; SQS FIFO $0.50/M):`);
  out.push(`  Lambda ${v.lambdaMemoryMb} MB${v.lambdaMemoryMb >= ONE_VCPU_MB ? ' (1 vCPU)' : ''}: ${n1(k.lambdaSeconds)} s, ${n1(k.lambdaGbSeconds)} GB-s, ` +
    `${n1(k.lambdaInvocations)} invocations → ${usd(k.usd.lambdaX86)} x86 / ${usd(k.usd.lambdaArm)} arm`);
  out.push(`  DynamoDB: ${n0(k.dynamoReadUnits)} RRU + ${n0(k.dynamoWriteUnits)} WRU (state measured; checkpoints and alert records added) → ${usd(k.usd.dynamo)}`);
  out.push(`  S3: ${n1(k.s3Puts)} PUT + ${n1(k.s3Gets)} GET → ${usd(k.usd.s3Requests)}; storage ${n2(k.storedGb * 1024)} MiB → ${usd(k.usd.s3StorageMonth)}/month`);
  out.push(`  SQS FIFO: ${n0(k.sqsRequests)} requests → ${usd(k.usd.sqs)}`);
  out.push(`  total ≈ ${usd(k.usd.totalX86)} per million events (x86), measured on this machine's core, not a Lambda vCPU`);
  out.push(`    parts: Lambda ${usd(k.usd.lambdaX86)}, DynamoDB ${usd(k.usd.dynamo)}, S3 ${usd(k.usd.s3Requests + k.usd.s3StorageMonth)}, SQS ${usd(k.usd.sqs)}` +
    `; with arm64 ${usd(k.usd.totalX86 - k.usd.lambdaX86 + k.usd.lambdaArm)}`);
  out.push('');
  out.push('detect Lambda per 1 M events (CPU-bound on one thread: below 1769 MB the CPU share, and so the speed, is memory / 1769;');
  out.push('  arm64 assumed as fast as this x86 core — not measured here; fits = peak RSS of (b) under the memory size):');
  out.push(`  ${'memory'.padEnd(9)}${'arch'.padEnd(8)}${'seconds'.padStart(9)}${'slowest batch'.padStart(15)}${'GB-s'.padStart(8)}${'cost'.padStart(10)}${'RSS/mem'.padStart(9)}  fits`);
  for (const r of v.lambda) {
    out.push(`  ${`${r.memoryMb} MB`.padEnd(9)}${r.arch.padEnd(8)}${n1(r.secondsPerMillion).padStart(9)}${`${n1(r.slowestBatchSeconds)} s`.padStart(15)}` +
      `${n1(r.gbSecondsPerMillion).padStart(8)}${usd(r.usdPerMillion).padStart(10)}${`${Math.round(r.rssShare * 100)} %`.padStart(9)}  ${r.fits ? 'yes' : 'no'}`);
  }
  const rec = recommendLambda(v.lambda);
  out.push(rec
    ? `  recommended: ${rec.memoryMb} MB ${rec.arch} — cheapest with peak RSS ≤ ${RSS_HEADROOM_SHARE * 100} % of memory; of equal CPU cost the smallest, as time waiting on DynamoDB and S3 is billed per GB-s too`
    : `  recommended: none — no size keeps peak RSS within ${RSS_HEADROOM_SHARE * 100} % of memory`);
  if (v.profile) {
    out.push('');
    out.push(`(b) CPU profile, ${n0(v.profile.totalMs)} ms sampled; self time by file:`);
    for (const f of v.profile.files.slice(0, 15)) out.push(`  ${(f.selfShare * 100).toFixed(1).padStart(5)}%  ${f.file}`);
    out.push('  by source line (self %):');
    for (const l of v.profile.lines.slice(0, 20)) out.push(`  ${(l.selfShare * 100).toFixed(1).padStart(5)}%  ${l.line}`);
    out.push('  by function (self %, total ms):');
    for (const h of v.profile.functions) out.push(`  ${(h.selfShare * 100).toFixed(1).padStart(5)}% ${String(h.totalMs).padStart(7)}  ${h.where}`);
  }
  return out.join('\n');
}
