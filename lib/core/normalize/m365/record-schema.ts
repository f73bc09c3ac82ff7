import { z } from 'zod';
import { compiled } from '../compiled-schema.ts';

/** Int enums arrive as numbers or numeric strings (`"RecordType":"6"`, `"UserType":"0"`). */
export const intLike = z.union([z.number().int(), z.string().trim().regex(/^-?\d+$/).transform(Number)]);

/** Optional int that tolerates drift: a wrong type reads as absent instead of losing the whole event. */
export const optInt = intLike.optional().catch(undefined);

/** Optional text that tolerates drift (null, numbers, objects read as absent). */
export const optText = z.string().optional().catch(undefined);

/**
 * Common schema of every Management Activity record (api-contracts.md §2.7). Workloads add fields: unknown keys
 * are accepted and left out of the parsed view (zod's default strip, not strict). Families read their own fields
 * from the raw record, so nothing needs passing through, and stripping parses about twice as fast as a loose copy.
 * Only `Operation` and `UserId` are strict: a non-string there means this is not an audit record.
 * `CreationTime` stays unknown so the normalizer can tell a missing time from an unparseable one.
 */
export const M365RecordSchema = compiled('M365 record', z.object({
  Id: optText,
  RecordType: optInt,
  CreationTime: z.unknown().optional(),
  Operation: z.string().optional(),
  OrganizationId: optText,
  UserType: optInt,
  UserKey: optText,
  Workload: optText,
  UserId: z.string().optional(),
  ResultStatus: optText,
  ObjectId: optText,
  ClientIP: optText,
  ClientIPAddress: optText,
  ActorIpAddress: optText,
  ActorIP: optText,
  UserAgent: optText,
  ClientInfoString: optText,
  SessionId: optText,
  LogonUserDisplayName: optText,
  /** Dynamics 365 carries the UPN here as well (Power Platform docs). */
  UserUpn: optText,
  AppAccessContext: z.object({ AADSessionId: optText }).optional().catch(undefined),
}));
export type M365Record = z.infer<typeof M365RecordSchema>;
