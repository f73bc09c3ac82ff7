import { z } from 'zod';
import { compiled } from '../compiled-schema.ts';
import { flatReader, REFUSED, withLeafReader } from '../flat-reader.ts';

/** Int enums arrive as numbers or numeric strings (`"RecordType":"6"`, `"UserType":"0"`). */
export const intLike = z.union([z.number().int(), z.string().trim().regex(/^-?\d+$/).transform(Number)]);

/** Optional int that tolerates drift: a wrong type reads as absent instead of losing the whole event. */
export const optInt = withLeafReader(intLike.optional().catch(undefined), (v) => intOf(v));

/** Optional text that tolerates drift (null, numbers, objects read as absent). */
export const optText = withLeafReader(z.string().optional().catch(undefined), (v) => (typeof v === 'string' ? v : undefined));

/** Strict optional text: anything but a string refuses the record. */
const strictText = withLeafReader(z.string().optional(), (v) => (v === undefined || typeof v === 'string' ? v : REFUSED));

/** Any value, as is. */
const anyValue = withLeafReader(z.unknown().optional(), (v) => v);

/** `intLike` read by hand: zod's int is a safe integer. */
function intOf(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (!/^-?\d+$/.test(s)) return undefined;
  return Number(s);
}

const AppAccessContextSchema = withLeafReader(z.object({ AADSessionId: optText }).optional().catch(undefined), (v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  return 'AADSessionId' in o ? { AADSessionId: typeof o['AADSessionId'] === 'string' ? o['AADSessionId'] : undefined } : {};
});

/**
 * Common schema of every Management Activity record (api-contracts.md §2.7). Workloads add fields: unknown keys
 * are accepted and left out of the parsed view (zod's default strip, not strict). Families read their own fields
 * from the raw record, so nothing needs passing through, and stripping parses about twice as fast as a loose copy.
 * Only `Operation` and `UserId` are strict: a non-string there means this is not an audit record.
 * `CreationTime` stays unknown so the normalizer can tell a missing time from an unparseable one.
 */
const M365RecordShape = z.object({
  Id: optText,
  RecordType: optInt,
  CreationTime: anyValue,
  Operation: strictText,
  OrganizationId: optText,
  UserType: optInt,
  UserKey: optText,
  Workload: optText,
  UserId: strictText,
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
  AppAccessContext: AppAccessContextSchema,
});
export const M365RecordSchema = compiled('M365 record', M365RecordShape);
export type M365Record = z.infer<typeof M365RecordSchema>;
/** The record read by hand, or undefined for one the schema must judge (see flat-reader.ts). */
export const readM365Record = flatReader(M365RecordShape) as ((raw: Record<string, unknown>) => M365Record | undefined) | undefined;
