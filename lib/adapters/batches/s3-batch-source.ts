import { GetObjectCommand, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import type { BatchSource } from '../ports.ts';
import { s3Client } from '../aws-clients.ts';
import { S3StoreError, parseS3Uri, s3Uri } from './s3-uri.ts';

/** Batches in one bucket: listed in key order (S3 lists UTF-8 binary order), each opened as a streamed body. */
export class S3BatchSource implements BatchSource {
  constructor(
    private readonly client: S3Client,
    readonly bucket: string,
    /** Keys per ListObjectsV2 page (S3's maximum is 1000). */
    private readonly pageSize = 1000,
  ) {}

  async *list(prefix: string): AsyncIterable<string> {
    try {
      for await (const page of paginateListObjectsV2({ client: this.client, pageSize: this.pageSize }, { Bucket: this.bucket, Prefix: prefix })) {
        for (const obj of page.Contents ?? []) {
          // Console-made "folders" are zero-byte keys ending in '/': not batches.
          if (obj.Key && !obj.Key.endsWith('/')) yield obj.Key;
        }
      }
    } catch (err) {
      throw new S3StoreError(s3Uri(this.bucket, prefix), 'ListObjectsV2 failed', { cause: err });
    }
  }

  /** The GetObject body as it arrives from the socket: never buffered whole (batches can be hundreds of MB). */
  async open(key: string): Promise<Readable> {
    const uri = s3Uri(this.bucket, key);
    let body: unknown;
    try {
      body = (await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }))).Body;
    } catch (err) {
      throw new S3StoreError(uri, 'GetObject failed', { cause: err });
    }
    if (!(body instanceof Readable)) throw new S3StoreError(uri, 'GetObject returned no Node.js stream body');
    return body;
  }
}

/** `hoardwatch replay s3://bucket/prefix`: the source over that bucket and the prefix to list in it. */
export async function s3BatchSourceFromUri(uri: string, client: S3Client = s3Client()): Promise<{ source: S3BatchSource; prefix: string }> {
  const { bucket, key } = parseS3Uri(uri);
  return { source: new S3BatchSource(client, bucket), prefix: key };
}
