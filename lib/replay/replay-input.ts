import type { BatchSource } from '../adapters/ports.ts';

/** One object to read: a key in a BatchSource (directory, S3 prefix…) and the name shown in refs and reports. */
export interface ReplayInput {
  source: BatchSource;
  key: string;
  /** Path or URI as the user knows it; becomes `ref.file` of every record read from it. */
  name: string;
}
