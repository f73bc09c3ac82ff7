import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Checkpoint, CheckpointStore } from '../../sources/ports.ts';
import { CheckpointConflictError } from '../../sources/ports.ts';
import { DynamoDbStoreError, isConditionFailed } from '../state/dynamodb-errors.ts';
import { dynamoItemBytes, ItemTooLargeError, ITEM_BUDGET_BYTES } from './dynamodb-item-bytes.ts';
import { CheckpointItemSchema, checkpointPk, leasePk, ttlSeconds } from '../state/table-keys.ts';

export interface DynamoDbCheckpointStoreOptions {
  table: string;
  doc: DynamoDBDocumentClient;
}

/**
 * Collector checkpoints (`checkpoint#<source>`: cursor JSON + version, conditional on the version read) and run
 * leases (`lease#<source>`: owner + expiry, taken by a conditional put) in the state table.
 */
export class DynamoDbCheckpointStore implements CheckpointStore {
  constructor(private readonly opts: DynamoDbCheckpointStoreOptions) {}

  async get<C>(source: string): Promise<Checkpoint<C> | null> {
    const pk = checkpointPk(source);
    let out;
    try {
      out = await this.opts.doc.send(new GetCommand({ TableName: this.opts.table, Key: { pk }, ConsistentRead: true }));
    } catch (err) {
      throw new DynamoDbStoreError(`reading ${pk} failed`, { cause: err });
    }
    if (!out.Item) return null;
    const item = CheckpointItemSchema.safeParse(out.Item);
    if (!item.success) throw new DynamoDbStoreError(`${pk} is malformed: ${item.error.message}`);
    try {
      return { cursor: JSON.parse(item.data.data) as C, version: item.data.version };
    } catch (err) {
      throw new DynamoDbStoreError(`${pk} holds invalid JSON`, { cause: err });
    }
  }

  async put<C>(source: string, cursor: C, expectedVersion: number): Promise<number> {
    const pk = checkpointPk(source);
    const version = expectedVersion + 1;
    const cond = expectedVersion === 0
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : { ConditionExpression: '#v = :v', ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':v': expectedVersion } };
    const item = { pk, version, data: JSON.stringify(cursor) };
    // An item over DynamoDB's limit fails every later run the same way: refuse it here, with its size.
    const bytes = dynamoItemBytes(item);
    if (bytes > ITEM_BUDGET_BYTES) throw new ItemTooLargeError(pk, bytes);
    try {
      await this.opts.doc.send(new PutCommand({ TableName: this.opts.table, Item: item, ...cond }));
    } catch (err) {
      if (isConditionFailed(err)) throw new CheckpointConflictError(source, { cause: err });
      throw new DynamoDbStoreError(`writing ${pk} failed`, { cause: err });
    }
    return version;
  }

  async acquireLease(source: string, owner: string, ttlMs: number, now: number): Promise<boolean> {
    const pk = leasePk(source);
    const expiresAt = now + ttlMs;
    try {
      await this.opts.doc.send(new PutCommand({
        TableName: this.opts.table,
        Item: { pk, owner, expiresAt, ttl: ttlSeconds(expiresAt) + 3600 },
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now OR #owner = :owner',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':now': now, ':owner': owner },
      }));
      return true;
    } catch (err) {
      if (isConditionFailed(err)) return false; // another live owner holds it: the documented 'false' outcome
      throw new DynamoDbStoreError(`taking ${pk} failed`, { cause: err });
    }
  }

  async releaseLease(source: string, owner: string): Promise<void> {
    const pk = leasePk(source);
    try {
      await this.opts.doc.send(new DeleteCommand({
        TableName: this.opts.table,
        Key: { pk },
        ConditionExpression: '#owner = :owner',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':owner': owner },
      }));
    } catch (err) {
      // Our lease expired and someone else took it (or it is gone): theirs must not be deleted, and ours is over.
      if (isConditionFailed(err)) return;
      throw new DynamoDbStoreError(`releasing ${pk} failed`, { cause: err });
    }
  }
}
