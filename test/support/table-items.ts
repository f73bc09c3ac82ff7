import { paginateScan } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoItemBytes } from '../../lib/adapters/checkpoints/dynamodb-item-bytes.ts';
import { itemBytes } from '../../lib/adapters/state/item-size.ts';

/** Every item of a table with its size as DynamoDB counts it, largest first. */
export async function itemSizes(doc: DynamoDBDocumentClient, table: string): Promise<{ pk: string; bytes: number }[]> {
  const out: { pk: string; bytes: number }[] = [];
  for await (const page of paginateScan({ client: doc }, { TableName: table, ConsistentRead: true })) {
    for (const item of page.Items ?? []) out.push({ pk: String(item.pk), bytes: dynamoItemBytes(item) });
  }
  return out.sort((a, b) => b.bytes - a.bytes);
}

/** pk → size of every item as the state adapters measure it against their budget (lib/adapters/state/item-size.ts). */
export async function storedItemBytes(doc: DynamoDBDocumentClient, table: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for await (const page of paginateScan({ client: doc }, { TableName: table, ConsistentRead: true })) {
    for (const item of page.Items ?? []) out.set(String(item.pk), itemBytes(item));
  }
  return out;
}
