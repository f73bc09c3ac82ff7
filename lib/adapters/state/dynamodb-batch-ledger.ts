import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BATCH_LEDGER_TTL_DAYS } from '../../pipeline/batch-ledger.ts';
import type { BatchLedger } from '../../pipeline/batch-ledger.ts';
import { batchGetByPk } from './dynamodb-batch-get.ts';
import type { BatchGetOptions } from './dynamodb-batch-get.ts';
import { DynamoDbStoreError } from './dynamodb-errors.ts';
import { DAY_MS, batchPk, isExpired, ttlSeconds } from './table-keys.ts';

export interface DynamoDbBatchLedgerOptions {
  table: string;
  doc: DynamoDBDocumentClient;
  now?: () => number;
  ttlDays?: number;
  batchGet?: BatchGetOptions;
}

/** Processed batches as `batch#<id>` items `{at, ttl}` in the state table: one BatchGet to check, one Put each to mark. */
export class DynamoDbBatchLedger implements BatchLedger {
  private readonly now: () => number;

  constructor(private readonly opts: DynamoDbBatchLedgerOptions) {
    this.now = opts.now ?? Date.now;
  }

  async processed(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const items = await batchGetByPk(this.opts.doc, this.opts.table, ids.map(batchPk), this.opts.batchGet);
    const now = this.now();
    return new Set(ids.filter((id) => {
      const item = items.get(batchPk(id));
      return item !== undefined && !isExpired({ ttl: typeof item.ttl === 'number' ? item.ttl : undefined }, now);
    }));
  }

  async markProcessed(ids: readonly string[]): Promise<void> {
    const now = this.now();
    const ttl = ttlSeconds(now + (this.opts.ttlDays ?? BATCH_LEDGER_TTL_DAYS) * DAY_MS);
    // Unconditional: marking twice is harmless, and the later TTL is the right one.
    for (const id of new Set(ids)) {
      const pk = batchPk(id);
      try {
        await this.opts.doc.send(new PutCommand({ TableName: this.opts.table, Item: { pk, at: now, ttl } }));
      } catch (err) {
        throw new DynamoDbStoreError(`recording processed batch ${pk} failed`, { cause: err });
      }
    }
  }
}
