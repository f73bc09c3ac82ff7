import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BatchGetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { BatchGetCommandInput, DynamoDBDocumentClient, PutCommandInput } from '@aws-sdk/lib-dynamodb';
import { itemBytes } from '../../lib/adapters/state/item-size.ts';
import { BenchError } from '../bench-error.ts';
import { SizeHistogram } from './size-histogram.ts';

/** DynamoDB bills reads per 4 KB (strongly consistent: 1 unit; eventually: ½) and writes per 1 KB, item by item. */
const READ_UNIT_BYTES = 4096;
const WRITE_UNIT_BYTES = 1024;

/** Request units and item sizes of the calls since the last `take`. */
export interface TableUnits {
  readUnits: number;
  writeUnits: number;
  itemsRead: number;
  puts: number;
  /** Encoded size (as DynamoDB counts it) of each item read / written. */
  readBytes: number[];
  writeBytes: number[];
}

const noUnits = (): TableUnits => ({ readUnits: 0, writeUnits: 0, itemsRead: 0, puts: 0, readBytes: [], writeBytes: [] });

/** A stored item: its attributes but the binary body, which is in a file of its own. */
interface Stored {
  attrs: Record<string, unknown>;
  bytes: number;
}

/**
 * The state table for the benchmark: the real DynamoDbState (lib/adapters/state/dynamodb-state.ts) runs against it,
 * so what is encoded, compared, skipped and budgeted is the adapter's own doing. It answers the two calls that
 * adapter makes, BatchGetItem and a conditional PutItem (version check, or absent/expired), and bills them as
 * DynamoDB does: each item read rounded up to 4 KB (a key not found still costs a unit), each put rounded up to 1 KB
 * of the larger of the old and the new item. Bodies go to files (RAM-backed /dev/shm in the bench), not the heap,
 * as a table's items are not in a Lambda's memory.
 */
export class FileTable {
  private readonly items = new Map<string, Stored>();
  private units = noUnits();
  /** Sizes over the whole run. */
  readonly readSizes = new SizeHistogram();
  readonly writeSizes = new SizeHistogram();
  readonly doc: DynamoDBDocumentClient;

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.doc = { send: async (command: unknown) => this.send(command) } as unknown as DynamoDBDocumentClient;
  }

  /** Units and sizes since the last call (one batch's, when called after each). */
  take(): TableUnits {
    const out = this.units;
    this.units = noUnits();
    return out;
  }

  /** Bytes the table holds, as DynamoDB counts items. */
  get bytes(): number {
    let n = 0;
    for (const s of this.items.values()) n += s.bytes;
    return n;
  }

  private send(command: unknown): unknown {
    if (command instanceof BatchGetCommand) return this.batchGet(command.input);
    if (command instanceof PutCommand) return this.put(command.input);
    throw new BenchError(`FileTable: ${(command as object).constructor.name} is not served`);
  }

  private batchGet(input: BatchGetCommandInput): unknown {
    const [[table, req]] = Object.entries(input.RequestItems ?? {}) as [[string, { Keys: { pk: string }[]; ConsistentRead?: boolean }]];
    const perUnit = req.ConsistentRead ? 1 : 0.5;
    const found: Record<string, unknown>[] = [];
    for (const { pk } of req.Keys) {
      const s = this.items.get(pk);
      if (!s) {
        this.units.readUnits += perUnit;
        continue;
      }
      const item = { ...s.attrs };
      if (s.attrs.body === true) {
        delete item.body;
        item.b = new Uint8Array(readFileSync(this.path(pk)));
      }
      found.push(item);
      this.units.readUnits += perUnit * Math.ceil(s.bytes / READ_UNIT_BYTES);
      this.units.itemsRead++;
      this.units.readBytes.push(s.bytes);
      this.readSizes.add(s.bytes);
    }
    return { Responses: { [table]: found }, UnprocessedKeys: {} };
  }

  private put(input: PutCommandInput): unknown {
    const item = input.Item as Record<string, unknown> & { pk: string };
    const old = this.items.get(item.pk);
    this.checkCondition(input, old);
    const bytes = itemBytes(item);
    const { b, ...attrs } = item;
    if (b instanceof Uint8Array) {
      writeFileSync(this.path(item.pk), b);
      attrs.body = true;
    }
    this.items.set(item.pk, { attrs, bytes });
    this.units.writeUnits += Math.ceil(Math.max(bytes, old?.bytes ?? 0) / WRITE_UNIT_BYTES);
    this.units.puts++;
    this.units.writeBytes.push(bytes);
    this.writeSizes.add(bytes);
    return {};
  }

  /** The two conditions DynamoDbState writes with (dynamodb-versioned-put.ts); a failed one is a lost race. */
  private checkCondition(input: PutCommandInput, old: Stored | undefined): void {
    const values = input.ExpressionAttributeValues ?? {};
    const ok = input.ConditionExpression === '#v = :v'
      ? old?.attrs.version === values[':v']
      : input.ConditionExpression === 'attribute_not_exists(pk) OR #ttl <= :now'
        ? !old || (typeof old.attrs.ttl === 'number' && old.attrs.ttl <= (values[':now'] as number))
        : undefined;
    if (ok === undefined) throw new BenchError(`FileTable: condition ${String(input.ConditionExpression)} is not served`);
    if (!ok) throw Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });
  }

  private path(pk: string): string {
    return join(this.dir, encodeURIComponent(pk));
  }
}
