import { paginateScan } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoItemBytes } from '../../lib/adapters/checkpoints/dynamodb-item-bytes.ts';

/** Every item of a table with its size as DynamoDB counts it, largest first. */
export async function itemSizes(doc: DynamoDBDocumentClient, table: string): Promise<{ pk: string; bytes: number }[]> {
  const out: { pk: string; bytes: number }[] = [];
  for await (const page of paginateScan({ client: doc }, { TableName: table, ConsistentRead: true })) {
    for (const item of page.Items ?? []) out.push({ pk: String(item.pk), bytes: dynamoItemBytes(item) });
  }
  return out.sort((a, b) => b.bytes - a.bytes);
}
