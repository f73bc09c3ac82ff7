import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DYNAMODB_ITEM_LIMIT, ItemTooLargeError, itemBytes } from '../../../lib/adapters/state/item-size.ts';
import { startDynamoDbLocal } from '../../support/dynamodb-local.ts';
import type { DynamoDbLocal } from '../../support/dynamodb-local.ts';

let ddb: DynamoDbLocal;
let table: string;
beforeAll(async () => {
  ddb = await startDynamoDbLocal();
  table = await ddb.createStateTable();
});
afterAll(async () => {
  await ddb?.stop();
});

/** `base` plus a `data` string (2-byte characters, then one ASCII if odd) that makes itemBytes exactly `target`. */
function padded(base: Record<string, unknown>, target: number): Record<string, unknown> {
  const room = target - itemBytes({ ...base, data: '' });
  return { ...base, data: 'é'.repeat(Math.floor(room / 2)) + (room % 2 ? 'a' : '') };
}

const accepted = (item: Record<string, unknown>): Promise<boolean> =>
  ddb.doc.send(new PutCommand({ TableName: table, Item: item })).then(() => true, (err: Error) => {
    if (!/maximum allowed size/.test(err.message)) throw err;
    return false;
  });

describe('itemBytes', () => {
  it('counts attribute names and values as DynamoDB does: the 400 KB limit falls exactly where it says', async () => {
    const shapes: Record<string, unknown>[] = [
      { pk: 'strings-ünïcödé-日本' },
      { pk: 'numbers', a: 0, b: 7, c: -7, d: 1.5, e: -0.25, f: 123.456, g: 1790000000, h: 123456789012345, i: 1e-10 },
      { pk: 'nested', m: { a: [1, 'bé', true, null], b: { c: 1.5, 'ключ': 'значение' } }, l: [[], {}, [[[]]]] },
      { pk: 'flags', yes: true, no: false, nothing: null },
      { pk: 'sets', ss: new Set(['a', 'bb', 'ççç']), ns: new Set([1, 22, 333.5]) },
    ];
    for (const base of shapes) {
      expect(await accepted(padded(base, DYNAMODB_ITEM_LIMIT)), `${String(base.pk)} at the limit`).toBe(true);
      expect(await accepted(padded(base, DYNAMODB_ITEM_LIMIT + 1)), `${String(base.pk)} one byte over`).toBe(false);
    }
  });

  it('counts a binary attribute by its raw bytes (the encoded state body): the 400 KB limit falls exactly there', async () => {
    const base = { pk: 'binary', version: 12, ttl: 1_790_000_000 };
    const withBody = (bytes: number) => ({ ...base, b: new Uint8Array(bytes - itemBytes({ ...base, b: new Uint8Array(0) })).fill(0xa5) });
    expect(itemBytes(withBody(1_000))).toBe(1_000);
    expect(await accepted(withBody(DYNAMODB_ITEM_LIMIT))).toBe(true);
    expect(await accepted(withBody(DYNAMODB_ITEM_LIMIT + 1))).toBe(false);
  });

  it('skips undefined attributes (the document client drops them) and counts UTF-8 bytes, not characters', () => {
    expect(itemBytes({ pk: 'a', gone: undefined })).toBe(3);
    expect(itemBytes({ é: '日本' })).toBe(2 + 6);
    expect(itemBytes({ l: ['x', 1] })).toBe(1 + 3 + (1 + 1) + (1 + 2));
  });
});

describe('ItemTooLargeError', () => {
  it('names the largest item and keeps every one', () => {
    const err = new ItemTooLargeError([
      { kind: 'profile', key: 'salesforce:a', pk: 'profile#salesforce:a', bytes: 360_000 },
      { kind: 'identity', key: 'b@example.com', pk: 'identity#b@example.com', bytes: 500_000 },
    ], 350 * 1024);
    expect(err).toMatchObject({ name: 'ItemTooLargeError', key: 'b@example.com', bytes: 500_000, budget: 358_400 });
    expect(err.items).toHaveLength(2);
    expect(err.message).toContain('identity#b@example.com is 500000 bytes');
  });
});
