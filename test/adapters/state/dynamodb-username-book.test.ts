import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbStoreError } from '../../../lib/adapters/state/dynamodb-errors.ts';
import { DynamoDbUsernameBook } from '../../../lib/adapters/state/dynamodb-username-book.ts';
import { SF_USERNAMES_PK } from '../../../lib/adapters/state/table-keys.ts';
import { StateConflictError } from '../../../lib/core/state.ts';
import { startDynamoDbLocal } from '../../support/dynamodb-local.ts';
import type { DynamoDbLocal } from '../../support/dynamodb-local.ts';

let ddb: DynamoDbLocal;
beforeAll(async () => {
  ddb = await startDynamoDbLocal();
});
afterAll(async () => {
  await ddb?.stop();
});

describe('DynamoDbUsernameBook', () => {
  it('stores the book as one versioned item; a save against a stale version conflicts', async () => {
    const table = await ddb.createStateTable();
    const store = new DynamoDbUsernameBook({ table, doc: ddb.doc });
    expect(await store.loadUsernames()).toEqual({ version: 0, book: { ids: [], names: [], days: [] } });
    const book = { ids: ['005000000000001AAA'], names: ['jdoe@example.com'], days: [20500] };
    await store.saveUsernames(book, 0);
    expect(await store.loadUsernames()).toEqual({ version: 1, book });
    await expect(store.saveUsernames({ ...book, names: ['other@example.com'] }, 0)).rejects.toBeInstanceOf(StateConflictError);
    await store.saveUsernames({ ...book, days: [20501] }, 1);
    expect((await store.loadUsernames()).version).toBe(2);
  });

  it('reports a malformed item with its key instead of guessing', async () => {
    const table = await ddb.createStateTable();
    await ddb.doc.send(new PutCommand({ TableName: table, Item: { pk: SF_USERNAMES_PK, version: 1, data: '{"ids":["a"],"names":[],"days":[]}' } }));
    const err = await new DynamoDbUsernameBook({ table, doc: ddb.doc }).loadUsernames().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DynamoDbStoreError);
    expect((err as Error).message).toMatch(/names#salesforce is not a username book/);
  });
});
