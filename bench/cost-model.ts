/**
 * What a million events cost to detect on AWS at the measured throughput. Prices are assumptions (us-east-1,
 * on-demand, list prices as of 2025), printed with every result so a reader can redo the sums.
 */
export const PRICES = {
  region: 'us-east-1',
  lambdaGbSecondX86: 0.0000166667,
  lambdaGbSecondArm: 0.0000133334,
  lambdaRequest: 0.2 / 1e6,
  /** DynamoDB on-demand, standard table class (after the November 2024 price cut). */
  dynamoWriteUnit: 0.625 / 1e6,
  dynamoReadUnit: 0.125 / 1e6,
  s3Put: 0.005 / 1000,
  s3Get: 0.0004 / 1000,
  s3StorageGbMonth: 0.023,
  sqsFifoRequest: 0.5 / 1e6,
} as const;

/** Lambda gives one full vCPU at 1769 MB; below that CPU shrinks with memory, so CPU-bound GB-seconds stay the same. */
export const ONE_VCPU_MB = 1769;

export interface CostInputs {
  /** End-to-end events per second on one core (b). */
  eventsPerSecond: number;
  lambdaMemoryMb: number;
  /** Events per collector batch (an S3 object, a handoff message). */
  meanBatchEvents: number;
  /** Events per detect invocation: a batch, or a source's queued batches detected together. */
  meanInvocationEvents: number;
  /** DynamoDB request units per million events, as measured (state items read and written). */
  readUnitsPerMillion: number;
  writeUnitsPerMillion: number;
  alertsPerMillion: number;
  gzBytesPerMillion: number;
}

export interface CostPerMillion {
  lambdaSeconds: number;
  lambdaGbSeconds: number;
  lambdaInvocations: number;
  dynamoReadUnits: number;
  dynamoWriteUnits: number;
  s3Puts: number;
  s3Gets: number;
  sqsRequests: number;
  storedGb: number;
  usd: { lambdaX86: number; lambdaArm: number; dynamo: number; s3Requests: number; s3StorageMonth: number; sqs: number; totalX86: number };
}

/**
 * Per million events: the detect Lambda (CPU-bound at the measured rate, billed per invocation), state traffic
 * (measured), plus per batch one collector PUT, one detect GET, a FIFO send/receive/delete and one checkpoint write;
 * per alert one archive PUT and two alert-record writes (record, mark sent).
 */
export function costPerMillion(i: CostInputs): CostPerMillion {
  const batches = 1e6 / i.meanBatchEvents;
  const invocations = 1e6 / i.meanInvocationEvents;
  // Below one vCPU a CPU-bound run takes proportionally longer: billed GB-seconds do not drop with memory.
  const cpuShare = Math.min(1, i.lambdaMemoryMb / ONE_VCPU_MB);
  const lambdaSeconds = 1e6 / i.eventsPerSecond / cpuShare;
  const lambdaGbSeconds = lambdaSeconds * (i.lambdaMemoryMb / 1024);
  const dynamoReadUnits = i.readUnitsPerMillion;
  const dynamoWriteUnits = i.writeUnitsPerMillion + batches + 2 * i.alertsPerMillion;
  const s3Puts = batches + i.alertsPerMillion;
  const s3Gets = batches;
  const sqsRequests = 3 * batches;
  const storedGb = i.gzBytesPerMillion / 1024 ** 3;
  const usd = {
    lambdaX86: lambdaGbSeconds * PRICES.lambdaGbSecondX86 + invocations * PRICES.lambdaRequest,
    lambdaArm: lambdaGbSeconds * PRICES.lambdaGbSecondArm + invocations * PRICES.lambdaRequest,
    dynamo: dynamoReadUnits * PRICES.dynamoReadUnit + dynamoWriteUnits * PRICES.dynamoWriteUnit,
    s3Requests: s3Puts * PRICES.s3Put + s3Gets * PRICES.s3Get,
    s3StorageMonth: storedGb * PRICES.s3StorageGbMonth,
    sqs: sqsRequests * PRICES.sqsFifoRequest,
    totalX86: 0,
  };
  usd.totalX86 = usd.lambdaX86 + usd.dynamo + usd.s3Requests + usd.s3StorageMonth + usd.sqs;
  return { lambdaSeconds, lambdaGbSeconds, lambdaInvocations: invocations, dynamoReadUnits, dynamoWriteUnits, s3Puts, s3Gets, sqsRequests, storedGb, usd };
}

/** What the collectors' dedupe (lib/sources/dedupe) costs per million events written, from `npm run bench:dedupe`. */
export interface DedupeCostInputs {
  /** DynamoDB units per million events: dedupe items read and written, plus the journal's share of checkpoint puts. */
  readUnitsPerMillion: number;
  writeUnitsPerMillion: number;
  /** Digest bytes stored per million events (held for the retention). */
  storedBytesPerMillion: number;
  retentionDays: number;
  /** Collector CPU spent on dedupe per million events. */
  cpuSecondsPerMillion: number;
  lambdaMemoryMb: number;
}

export interface DedupeCostPerMillion {
  usd: { dynamoRequests: number; dynamoStorage: number; lambda: number; total: number };
}

/** DynamoDB standard table storage, per GB-month (first 25 GB free are ignored). */
export const DYNAMO_STORAGE_GB_MONTH = 0.25;

/**
 * Requests at on-demand prices; storage for as long as the digests are kept (a million events' digests held
 * `retentionDays`, as a share of a month); the CPU as Lambda GB-seconds at the collector's memory (x86).
 */
export function dedupeCostPerMillion(i: DedupeCostInputs): DedupeCostPerMillion {
  const dynamoRequests = i.readUnitsPerMillion * PRICES.dynamoReadUnit + i.writeUnitsPerMillion * PRICES.dynamoWriteUnit;
  const dynamoStorage = (i.storedBytesPerMillion / 1024 ** 3) * DYNAMO_STORAGE_GB_MONTH * (i.retentionDays / 30);
  const cpuShare = Math.min(1, i.lambdaMemoryMb / ONE_VCPU_MB);
  const lambda = (i.cpuSecondsPerMillion / cpuShare) * (i.lambdaMemoryMb / 1024) * PRICES.lambdaGbSecondX86;
  return { usd: { dynamoRequests, dynamoStorage, lambda, total: dynamoRequests + dynamoStorage + lambda } };
}

/** Memory sizes of the Lambda table (issue 15): half a vCPU and less, and one full vCPU. */
export const LAMBDA_MEMORY_SIZES = [512, 1024, 1769] as const;
export type LambdaArch = 'x86_64' | 'arm64';

export interface LambdaRow {
  memoryMb: number;
  arch: LambdaArch;
  /** Billed duration per million events, and of the slowest batch. */
  secondsPerMillion: number;
  slowestBatchSeconds: number;
  gbSecondsPerMillion: number;
  usdPerMillion: number;
  /** Peak RSS of the run against the memory size (Lambda's MB are MiB). */
  rssShare: number;
  fits: boolean;
}

export interface LambdaTableInputs {
  /** One core's end-to-end rate (b) and its slowest batch, measured on this machine. */
  eventsPerSecond: number;
  slowestBatchSeconds: number;
  meanInvocationEvents: number;
  peakRssMiB: number;
}

/**
 * Cost and duration per million events of the detect Lambda at each size and architecture. Assumptions (printed):
 * the run is CPU-bound on one thread; below 1769 MB Lambda gives a CPU share proportional to memory, so duration
 * grows as 1769 / memory and GB-seconds stay the same; arm64 is taken to run at this machine's x86 speed (not
 * measured here: Graviton may be slower or faster per vCPU for this code). A size fits when the run's peak RSS is
 * under its memory.
 */
export function lambdaTable(i: LambdaTableInputs): LambdaRow[] {
  const invocations = 1e6 / i.meanInvocationEvents;
  const rows: LambdaRow[] = [];
  for (const memoryMb of LAMBDA_MEMORY_SIZES) {
    const stretch = 1 / Math.min(1, memoryMb / ONE_VCPU_MB);
    const secondsPerMillion = (1e6 / i.eventsPerSecond) * stretch;
    const gbSecondsPerMillion = secondsPerMillion * (memoryMb / 1024);
    for (const arch of ['x86_64', 'arm64'] as const) {
      const price = arch === 'arm64' ? PRICES.lambdaGbSecondArm : PRICES.lambdaGbSecondX86;
      rows.push({
        memoryMb, arch, secondsPerMillion, slowestBatchSeconds: i.slowestBatchSeconds * stretch, gbSecondsPerMillion,
        usdPerMillion: gbSecondsPerMillion * price + invocations * PRICES.lambdaRequest,
        rssShare: i.peakRssMiB / memoryMb, fits: i.peakRssMiB < memoryMb,
      });
    }
  }
  return rows;
}

/** Peak RSS above this share of memory leaves too little room for a busier batch than the bench's. */
export const RSS_HEADROOM_SHARE = 0.75;

/**
 * The recommended row: of those whose peak RSS is within RSS_HEADROOM_SHARE of memory, the cheapest; among equal
 * costs (CPU-bound GB-seconds do not change with memory) the smallest memory, because the time a batch waits on
 * DynamoDB and S3 (not in this CPU-only model) is billed per GB-second too, and costs less at less memory.
 */
export function recommendLambda(rows: readonly LambdaRow[]): LambdaRow | undefined {
  const roomy = rows.filter((r) => r.rssShare <= RSS_HEADROOM_SHARE);
  const micro = (r: LambdaRow): number => Math.round(r.usdPerMillion * 1e6); // ties within a millionth of a dollar
  return [...roomy].sort((a, b) => micro(a) - micro(b) || a.memoryMb - b.memoryMb)[0];
}
