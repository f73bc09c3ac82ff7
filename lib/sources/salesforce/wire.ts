import { z } from 'zod';
import { isSecureVendorUrl, SECURE_URL_MESSAGE } from '../http/vendor-url.ts';

/** Wire shapes of the Salesforce REST API used by the collector (api-contracts.md §1.1–1.7). */

export const TokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  /** Where the bearer token will be sent: https (loopback http for a local stand-in) only. */
  instance_url: z.string().refine(isSecureVendorUrl, SECURE_URL_MESSAGE),
  token_type: z.string().optional(),
});

export const QueryPageSchema = z.looseObject({
  totalSize: z.number().optional(),
  done: z.boolean(),
  records: z.array(z.record(z.string(), z.unknown())),
  nextRecordsUrl: z.string().startsWith('/').optional(),
});
export type QueryPage = z.infer<typeof QueryPageSchema>;

export const EventLogFileRowSchema = z.looseObject({
  Id: z.string().min(1),
  EventType: z.string().min(1),
  LogDate: z.string().optional(),
  Interval: z.string().optional(),
  CreatedDate: z.string(),
  LogFileLength: z.number().optional(),
  LogFile: z.string().startsWith('/'),
});
export type EventLogFileRow = z.infer<typeof EventLogFileRowSchema>;

export const RtemRecordSchema = z.looseObject({
  EventDate: z.string(),
  EventIdentifier: z.string().min(1).optional(),
  ExecutionIdentifier: z.string().optional(),
  Sequence: z.union([z.number(), z.string()]).optional(),
});
