import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { UsernameBookSchema, emptyBook } from '../../pipeline/username-book.ts';
import type { StoredUsernameBook, UsernameBook, UsernameBookStore } from '../../pipeline/username-book.ts';
import { DynamoDbStoreError } from './dynamodb-errors.ts';
import { putVersioned } from './dynamodb-versioned-put.ts';
import { JsonStateItemSchema, SF_USERNAMES_PK } from './table-keys.ts';

/** The Salesforce username book as one state item (`names#salesforce`), written conditionally on its version. */
export class DynamoDbUsernameBook implements UsernameBookStore {
  constructor(private readonly opts: { table: string; doc: DynamoDBDocumentClient; now?: () => number }) {}

  async loadUsernames(): Promise<StoredUsernameBook> {
    let out;
    try {
      out = await this.opts.doc.send(new GetCommand({ TableName: this.opts.table, Key: { pk: SF_USERNAMES_PK }, ConsistentRead: true }));
    } catch (err) {
      throw new DynamoDbStoreError(`reading ${SF_USERNAMES_PK} failed`, { cause: err });
    }
    if (!out.Item) return { version: 0, book: emptyBook() };
    const item = JsonStateItemSchema.safeParse(out.Item);
    if (!item.success) throw new DynamoDbStoreError(`state item ${SF_USERNAMES_PK} is malformed: ${item.error.message}`);
    let json: unknown;
    try {
      json = JSON.parse(item.data.data);
    } catch (err) {
      throw new DynamoDbStoreError(`state item ${SF_USERNAMES_PK} holds invalid JSON`, { cause: err });
    }
    const book = UsernameBookSchema.safeParse(json);
    if (!book.success) throw new DynamoDbStoreError(`state item ${SF_USERNAMES_PK} is not a username book: ${book.error.message}`);
    return { version: item.data.version, book: book.data };
  }

  async saveUsernames(book: UsernameBook, version: number): Promise<void> {
    await putVersioned(this.opts.doc, this.opts.table, { pk: SF_USERNAMES_PK, key: SF_USERNAMES_PK, version, data: JSON.stringify(book) }, (this.opts.now ?? Date.now)());
  }
}
