import { describe, expect, it } from 'vitest';
import { costPerMillion, ONE_VCPU_MB, PRICES } from '../../bench/cost-model.ts';

const inputs = {
  eventsPerSecond: 50_000, lambdaMemoryMb: ONE_VCPU_MB, meanBatchEvents: 50_000,
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
