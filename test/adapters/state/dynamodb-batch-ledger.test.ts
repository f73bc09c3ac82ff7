import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbBatchLedger } from '../../../lib/adapters/state/dynamodb-batch-ledger.ts';
import { BATCH_LEDGER_TTL_DAYS } from '../../../lib/pipeline/batch-ledger.ts';
import { startDynamoDbLocal } from '../../support/dynamodb-local.ts';
import type { DynamoDbLocal } from '../../support/dynamodb-local.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-20T00:00:00Z');

let ddb: DynamoDbLocal;
beforeAll(async () => {
  ddb = await startDynamoDbLocal();
});
afterAll(async () => {
  await ddb?.stop();
});

describe('DynamoDbBatchLedger', () => {
  it('remembers processed batches for BATCH_LEDGER_TTL_DAYS, more than any count of later batches', async () => {
    const table = await ddb.createStateTable();
    const at = (ms: number) => new DynamoDbBatchLedger({ table, doc: ddb.doc, now: () => ms });
    const ids = Array.from({ length: 150 }, (_, n) => `sha256:${String(n).padStart(32, '0')}`);
    await at(T0).markProcessed(ids.slice(0, 120));
    await at(T0).markProcessed(ids.slice(0, 1)); // marking again is harmless
    const seen = await at(T0 + DAY).processed(ids);
    expect(seen.size).toBe(120);
    expect(seen.has(ids[0]!)).toBe(true);
    expect(seen.has(ids[120]!)).toBe(false);
    expect((await at(T0 + (BATCH_LEDGER_TTL_DAYS - 1) * DAY).processed([ids[5]!])).size).toBe(1);
    // Expired but not yet deleted by DynamoDB: reads as not processed.
    expect((await at(T0 + (BATCH_LEDGER_TTL_DAYS + 1) * DAY).processed([ids[5]!])).size).toBe(0);
    expect(await at(T0).processed([])).toEqual(new Set());
  });
});
