import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient, PutCommandInput } from '@aws-sdk/lib-dynamodb';
import { StateConflictError } from '../../core/state.ts';
import { DynamoDbStoreError, isConditionFailed } from './dynamodb-errors.ts';
import { ttlSeconds } from './table-keys.ts';

/**
 * A state item ready to write, conditional on the version it was loaded at: plain JSON in `data` (the username book)
 * or an encoded body in `b` (profiles, identities, the tenant: state-item-codec.ts).
 */
export type VersionedPut = {
  pk: string;
  /** The item's key as the core knows it (named in a StateConflictError). */
  key: string;
  /** Version loaded (0 = absent); the item is written with version + 1. */
  version: number;
  ttl?: number;
} & ({ data: string; b?: undefined } | { b: Uint8Array; data?: undefined });

/** The DynamoDB item a VersionedPut writes (also what its size is measured on). */
export function versionedItem(p: VersionedPut): Record<string, unknown> {
  const item: Record<string, unknown> = { pk: p.pk, version: p.version + 1 };
  if (p.b !== undefined) item.b = p.b;
  else item.data = p.data;
  if (p.ttl !== undefined) item.ttl = p.ttl;
  return item;
}

/**
 * Conditional put: a new item must not exist (or have expired: DynamoDB deletes lazily), an existing one must still
 * be at the version read. A lost race is StateConflictError; anything else DynamoDbStoreError.
 */
export async function putVersioned(doc: DynamoDBDocumentClient, table: string, p: VersionedPut, nowMs: number): Promise<void> {
  const cond: Pick<PutCommandInput, 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'> = p.version === 0
    ? { ConditionExpression: 'attribute_not_exists(pk) OR #ttl <= :now', ExpressionAttributeNames: { '#ttl': 'ttl' }, ExpressionAttributeValues: { ':now': ttlSeconds(nowMs) } }
    : { ConditionExpression: '#v = :v', ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':v': p.version } };
  try {
    await doc.send(new PutCommand({ TableName: table, Item: versionedItem(p), ...cond }));
  } catch (err) {
    if (isConditionFailed(err)) throw new StateConflictError(p.key, { cause: err });
    throw new DynamoDbStoreError(`writing state item ${p.pk} (${p.b ? `${p.b.byteLength} bytes encoded` : `${p.data.length} bytes of JSON`}) failed`, { cause: err });
  }
}
