import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbStoreError } from './dynamodb-errors.ts';

/** DynamoDB's limit of keys per BatchGetItem call. */
export const BATCH_GET_MAX_KEYS = 100;

export interface BatchGetOptions {
  /** Tries per chunk while DynamoDB leaves keys unprocessed (throttling); default 8. */
  maxAttempts?: number;
  /** First backoff before re-asking for unprocessed keys; doubles each time, with full jitter. Default 50 ms. */
  baseDelayMs?: number;
  /** Chunks in flight at once; default 4. */
  concurrency?: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads items by `pk`, ≤ 100 keys per call, strongly consistent (a conditional write follows the read), re-asking
 * for UnprocessedKeys with exponential backoff. Returns the items found, keyed by `pk`.
 */
export async function batchGetByPk(
  doc: DynamoDBDocumentClient,
  table: string,
  pks: Iterable<string>,
  opts: BatchGetOptions = {},
): Promise<Map<string, Record<string, unknown>>> {
  const unique = [...new Set(pks)];
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += BATCH_GET_MAX_KEYS) chunks.push(unique.slice(i, i + BATCH_GET_MAX_KEYS));
  const found = new Map<string, Record<string, unknown>>();
  const concurrency = Math.max(1, opts.concurrency ?? 4);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < chunks.length) {
      const chunk = chunks[next++]!;
      for (const item of await getChunk(doc, table, chunk, opts)) found.set(String(item.pk), item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, worker));
  return found;
}

async function getChunk(
  doc: DynamoDBDocumentClient,
  table: string,
  pks: string[],
  opts: BatchGetOptions,
): Promise<Record<string, unknown>[]> {
  const maxAttempts = opts.maxAttempts ?? 8;
  const base = opts.baseDelayMs ?? 50;
  const sleep = opts.sleep ?? defaultSleep;
  const items: Record<string, unknown>[] = [];
  let keys: Record<string, unknown>[] = pks.map((pk) => ({ pk }));
  for (let attempt = 1; ; attempt++) {
    let out;
    try {
      out = await doc.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }));
    } catch (err) {
      throw new DynamoDbStoreError(`BatchGetItem on ${table} (${keys.length} keys) failed`, { cause: err });
    }
    items.push(...(out.Responses?.[table] ?? []));
    keys = out.UnprocessedKeys?.[table]?.Keys ?? [];
    if (keys.length === 0) return items;
    if (attempt >= maxAttempts) {
      throw new DynamoDbStoreError(`BatchGetItem on ${table}: ${keys.length} keys still unprocessed after ${attempt} attempts`);
    }
    await sleep(Math.random() * base * 2 ** (attempt - 1));
  }
}
