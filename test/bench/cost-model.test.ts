import { describe, expect, it } from 'vitest';
import { costPerMillion, lambdaTable, ONE_VCPU_MB, PRICES, recommendLambda } from '../../bench/cost-model.ts';

const inputs = {
  eventsPerSecond: 50_000, lambdaMemoryMb: ONE_VCPU_MB, meanBatchEvents: 50_000, meanInvocationEvents: 50_000,
  readUnitsPerMillion: 100_000, writeUnitsPerMillion: 200_000, alertsPerMillion: 10, gzBytesPerMillion: 128 * 1024 ** 2,
};

describe('costPerMillion', () => {
  it('bills the detect Lambda for a million events at the measured rate, one invocation per batch', () => {
    const c = costPerMillion(inputs);
    expect(c.lambdaSeconds).toBeCloseTo(20);
    expect(c.lambdaGbSeconds).toBeCloseTo(20 * (ONE_VCPU_MB / 1024));
    expect(c.lambdaInvocations).toBe(20);
    expect(c.usd.lambdaX86).toBeCloseTo(c.lambdaGbSeconds * PRICES.lambdaGbSecondX86 + 20 * PRICES.lambdaRequest, 10);
    expect(c.usd.lambdaArm).toBeLessThan(c.usd.lambdaX86);
  });

  it('bills Lambda requests per invocation and S3 and SQS requests per batch when batches are detected together', () => {
    const c = costPerMillion({ ...inputs, meanBatchEvents: 5_000, meanInvocationEvents: 50_000 });
    expect(c.lambdaInvocations).toBe(20);
    expect(c.s3Gets).toBe(200);
    expect(c.sqsRequests).toBe(600);
    expect(c.usd.lambdaX86).toBeCloseTo(costPerMillion(inputs).usd.lambdaX86, 10);
  });

  it('keeps CPU-bound GB-seconds flat below one vCPU: less memory, proportionally longer runs', () => {
    const full = costPerMillion(inputs);
    const half = costPerMillion({ ...inputs, lambdaMemoryMb: ONE_VCPU_MB / 2 });
    expect(half.lambdaSeconds).toBeCloseTo(2 * full.lambdaSeconds);
    expect(half.lambdaGbSeconds).toBeCloseTo(full.lambdaGbSeconds);
    expect(costPerMillion({ ...inputs, lambdaMemoryMb: 2 * ONE_VCPU_MB }).lambdaGbSeconds).toBeCloseTo(2 * full.lambdaGbSeconds);
  });

  it('adds per-batch and per-alert requests to the measured state units, and sums the total', () => {
    const c = costPerMillion(inputs);
    expect(c.dynamoReadUnits).toBe(100_000);
    expect(c.dynamoWriteUnits).toBe(200_000 + 20 + 2 * 10);
    expect(c.s3Puts).toBe(20 + 10);
    expect(c.s3Gets).toBe(20);
    expect(c.sqsRequests).toBe(60);
    expect(c.storedGb).toBeCloseTo(0.125);
    const { totalX86, lambdaArm: _arm, ...parts } = c.usd;
    expect(totalX86).toBeCloseTo(Object.values(parts).reduce((a, b) => a + b, 0), 10);
  });
});

describe('dedupeCostPerMillion', () => {
  it('prices the dedupe requests, the digests kept for the retention, and the collector CPU', async () => {
    const { dedupeCostPerMillion, DYNAMO_STORAGE_GB_MONTH } = await import('../../bench/cost-model.ts');
    const c = dedupeCostPerMillion({ readUnitsPerMillion: 80_000, writeUnitsPerMillion: 20_000, storedBytesPerMillion: 8e6, retentionDays: 8, cpuSecondsPerMillion: 10, lambdaMemoryMb: 1024 });
    expect(c.usd.dynamoRequests).toBeCloseTo(80_000 * PRICES.dynamoReadUnit + 20_000 * PRICES.dynamoWriteUnit, 10);
    expect(c.usd.dynamoStorage).toBeCloseTo((8e6 / 1024 ** 3) * DYNAMO_STORAGE_GB_MONTH * (8 / 30), 10);
    // 1024 MB is 58 % of a vCPU: 10 CPU-seconds take 17.3 s, billed at 1 GB.
    expect(c.usd.lambda).toBeCloseTo((10 / (1024 / ONE_VCPU_MB)) * PRICES.lambdaGbSecondX86, 10);
    expect(c.usd.total).toBeCloseTo(c.usd.dynamoRequests + c.usd.dynamoStorage + c.usd.lambda, 10);
  });
});

describe('lambdaTable', () => {
  const table = lambdaTable({ eventsPerSecond: 20_000, slowestBatchSeconds: 3, meanInvocationEvents: 50_000, peakRssMiB: 460 });

  it('stretches duration below one vCPU by its CPU share, keeps GB-seconds flat, and prices arm64 below x86', () => {
    const row = (mb: number, arch: string) => table.find((r) => r.memoryMb === mb && r.arch === arch)!;
    expect(table).toHaveLength(6);
    expect(row(1769, 'x86_64').secondsPerMillion).toBeCloseTo(50);
    expect(row(512, 'x86_64').secondsPerMillion).toBeCloseTo(50 * 1769 / 512);
    expect(row(512, 'arm64').slowestBatchSeconds).toBeCloseTo(3 * 1769 / 512);
    expect(row(1024, 'arm64').gbSecondsPerMillion).toBeCloseTo(row(1769, 'arm64').gbSecondsPerMillion);
    expect(row(1024, 'arm64').usdPerMillion).toBeCloseTo(row(1024, 'arm64').gbSecondsPerMillion * PRICES.lambdaGbSecondArm + 20 * PRICES.lambdaRequest, 10);
    expect(row(1024, 'arm64').usdPerMillion).toBeLessThan(row(1024, 'x86_64').usdPerMillion);
  });

  it('says whether the run fits by its peak RSS, and recommends the cheapest roomy size, the smallest of equals', () => {
    expect(table.filter((r) => !r.fits).map((r) => r.memoryMb)).toEqual([]);
    expect(lambdaTable({ eventsPerSecond: 20_000, slowestBatchSeconds: 3, meanInvocationEvents: 50_000, peakRssMiB: 600 }).filter((r) => !r.fits).map((r) => r.memoryMb)).toEqual([512, 512]);
    // 460 MiB is 90 % of 512 MB: too tight; 1024 and 1769 cost the same CPU-bound, 1024 waits on I/O for less.
    expect(recommendLambda(table)).toMatchObject({ memoryMb: 1024, arch: 'arm64' });
    expect(recommendLambda(lambdaTable({ eventsPerSecond: 20_000, slowestBatchSeconds: 3, meanInvocationEvents: 50_000, peakRssMiB: 300 }))).toMatchObject({ memoryMb: 512, arch: 'arm64' });
    expect(recommendLambda(lambdaTable({ eventsPerSecond: 20_000, slowestBatchSeconds: 3, meanInvocationEvents: 50_000, peakRssMiB: 5_000 }))).toBeUndefined();
  });
});
