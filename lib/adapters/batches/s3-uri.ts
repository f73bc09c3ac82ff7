/** `s3://bucket/key-or-prefix` split into its parts; the key may be empty (whole bucket). */
export interface S3Location {
  bucket: string;
  key: string;
}

export class S3UriError extends Error {
  constructor(readonly uri: string, reason: string) {
    super(`${uri}: ${reason}`);
    this.name = 'S3UriError';
  }
}

// Bucket names: 3-63 lowercase letters, digits, dots and hyphens (S3 naming rules, simplified).
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function parseS3Uri(uri: string): S3Location {
  const m = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(uri);
  if (!m) throw new S3UriError(uri, 'expected s3://bucket/prefix');
  const bucket = m[1]!;
  if (!BUCKET.test(bucket)) throw new S3UriError(uri, `"${bucket}" is not a valid bucket name`);
  return { bucket, key: m[2] ?? '' };
}

export const s3Uri = (bucket: string, key: string): string => `s3://${bucket}/${key}`;

/** S3 operation failures, with the object they were about. */
export class S3StoreError extends Error {
  constructor(readonly uri: string, message: string, options?: ErrorOptions) {
    super(`${uri}: ${message}`, options);
    this.name = 'S3StoreError';
  }
}
