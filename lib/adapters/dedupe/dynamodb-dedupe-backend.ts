import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BucketHead, DedupeBackend, SegmentRef } from '../../sources/dedupe/dedupe-backend.ts';
import { segmentKey } from '../../sources/dedupe/dedupe-backend.ts';
import { dynamoItemBytes, ItemTooLargeError, ITEM_BUDGET_BYTES } from '../checkpoints/dynamodb-item-bytes.ts';
import { batchGetByPk } from '../state/dynamodb-batch-get.ts';
import { DynamoDbStoreError, isConditionFailed } from '../state/dynamodb-errors.ts';
import { checkpointPk, ttlSeconds } from '../state/table-keys.ts';

export interface DynamoDbDedupeBackendOptions {
  table: string;
  doc: DynamoDBDocumentClient;
  source: string;
}

/**
 * Dedupe buckets as items of the state table, under the collector's own `checkpoint#<source>#dd#…` keys:
 * a head `checkpoint#<source>#dd#<bucket>` (`segs` string set, `rev`) and segments `…#<bucket>#<segment>` (`d`:
 * packed digests, binary). Both carry `ttl`, so DynamoDB deletes them after the retention.
 */
export class DynamoDbDedupeBackend implements DedupeBackend {
  constructor(private readonly o: DynamoDbDedupeBackendOptions) {}

  #headPk(bucket: string): string {
    return `${checkpointPk(this.o.source)}#dd#${bucket}`;
  }

  #segmentPk(r: SegmentRef): string {
    return `${this.#headPk(r.bucket)}#${r.segment}`;
  }

  async readHeads(buckets: readonly string[]): Promise<Map<string, BucketHead>> {
    const items = await batchGetByPk(this.o.doc, this.o.table, buckets.map((b) => this.#headPk(b)));
    const out = new Map<string, BucketHead>();
    for (const b of buckets) {
      const item = items.get(this.#headPk(b));
      if (!item) continue;
      const segs = item.segs instanceof Set ? [...(item.segs as Set<string>)] : [];
      out.set(b, { segments: segs.sort(), rev: typeof item.rev === 'number' ? item.rev : 0 });
    }
    return out;
  }

  async readSegments(refs: readonly SegmentRef[]): Promise<Map<string, Uint8Array>> {
    const items = await batchGetByPk(this.o.doc, this.o.table, refs.map((r) => this.#segmentPk(r)));
    const out = new Map<string, Uint8Array>();
    for (const r of refs) {
      const d = items.get(this.#segmentPk(r))?.d;
      if (d instanceof Uint8Array) out.set(segmentKey(r), d);
    }
    return out;
  }

  async writeSegment(ref: SegmentRef, digests: Uint8Array, expiresAtMs: number): Promise<void> {
    const item = { pk: this.#segmentPk(ref), d: digests, ttl: ttlSeconds(expiresAtMs) };
    const bytes = dynamoItemBytes(item);
    if (bytes > ITEM_BUDGET_BYTES) throw new ItemTooLargeError(item.pk, bytes);
    try {
      await this.o.doc.send(new PutCommand({ TableName: this.o.table, Item: item }));
    } catch (err) {
      throw new DynamoDbStoreError(`writing ${item.pk} failed`, { cause: err });
    }
  }

  async addSegments(bucket: string, segments: readonly string[], expiresAtMs: number): Promise<void> {
    const pk = this.#headPk(bucket);
    try {
      await this.o.doc.send(new UpdateCommand({
        TableName: this.o.table,
        Key: { pk },
        UpdateExpression: 'ADD segs :s, rev :one SET #ttl = :ttl',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':s': new Set(segments), ':one': 1, ':ttl': ttlSeconds(expiresAtMs) },
      }));
    } catch (err) {
      throw new DynamoDbStoreError(`updating ${pk} failed`, { cause: err });
    }
  }

  async replaceSegments(bucket: string, rev: number, segments: readonly string[], expiresAtMs: number): Promise<boolean> {
    const pk = this.#headPk(bucket);
    const item = { pk, segs: new Set(segments), rev: rev + 1, ttl: ttlSeconds(expiresAtMs) };
    if (dynamoItemBytes(item) > ITEM_BUDGET_BYTES) throw new ItemTooLargeError(pk, dynamoItemBytes(item));
    try {
      await this.o.doc.send(new PutCommand({
        TableName: this.o.table,
        Item: item,
        ConditionExpression: 'rev = :rev',
        ExpressionAttributeValues: { ':rev': rev },
      }));
      return true;
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw new DynamoDbStoreError(`compacting ${pk} failed`, { cause: err });
    }
  }
}
