const MiB = 1024 * 1024;

/**
 * How much of one input the readers hold or decode (README "Replay: hostile input"). Past a limit the line, document
 * or rest of the input is rejected with its reason, without being held whole, and reading goes on.
 */
export interface ReadLimits {
  /** Longest NDJSON/CSV line read: a project batch line holds one record (a few KiB); a Slack page of 9,999 entries ~10 MiB. */
  lineBytes: number;
  /** Largest pretty-printed JSON document parsed whole (M365 blobs, SOQL results and Slack pages are far smaller). */
  documentBytes: number;
  /** Most bytes one gzip input may inflate to: past it the input is a gzip bomb, not a log file. */
  gunzipBytes: number;
}

export const MAX_LINE_BYTES = 16 * MiB;
export const MAX_DOCUMENT_BYTES = 64 * MiB;
export const MAX_GUNZIP_BYTES = 4096 * MiB;

export const DEFAULT_READ_LIMITS: Readonly<ReadLimits> = {
  lineBytes: MAX_LINE_BYTES,
  documentBytes: MAX_DOCUMENT_BYTES,
  gunzipBytes: MAX_GUNZIP_BYTES,
};
