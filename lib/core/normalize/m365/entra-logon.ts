import { z } from 'zod';
import type { FamilyNormalizer } from './family-normalizer.ts';
import { readFamilyFields } from './family-normalizer.ts';
import { finishEvent } from './base-event.ts';
import { sourceOf } from '../event-source.ts';
import { optInt, optText } from './record-schema.ts';
import { readNameValues } from './name-value-list.ts';
import { compiled } from '../compiled-schema.ts';

/** RecordType 15 AzureActiveDirectoryStsLogon, 9 AzureActiveDirectoryAccountLogon. */
const LOGON_RECORD_TYPES = new Set([9, 15]);

export function isEntraLogon(recordType: number | undefined, operation: string): boolean {
  return (recordType !== undefined && LOGON_RECORD_TYPES.has(recordType))
    || operation === 'UserLoggedIn' || operation === 'UserLoginFailed' || /^PasswordLogon/.test(operation);
}

const LogonFieldsSchema = compiled('Entra logon fields', z.object({
  ExtendedProperties: z.unknown().optional(),
  ApplicationId: optText,
  LogonError: optText,
  ErrorNumber: z.union([optInt, optText]).optional().catch(undefined),
  LoginStatus: optInt,
  /** Which workload the account logon was for (AccountLogon records, e.g. `Exchange`). */
  Client: optText,
}));

export const normalizeEntraLogon: FamilyNormalizer = (raw, base) => {
  const read = readFamilyFields(LogonFieldsSchema, raw);
  if (!read.ok) return read.outcome;
  const f = read.data;
  const props = readNameValues(f.ExtendedProperties);
  // STS records' ResultStatus is HTTP-level only: the operation name and LoginStatus say whether sign-in failed.
  const failed = base.vendorAction === 'UserLoginFailed' || (f.LoginStatus !== undefined && f.LoginStatus !== 0)
    || (base.vendorAction !== 'UserLoggedIn' && base.outcome === 'failure');
  const ua = base.src?.ua ?? props.get('useragent');
  const src = sourceOf(base.src?.ip, ua);
  const event = finishEvent({ ...base, src, outcome: failed ? 'failure' : 'success' }, failed ? 'login_failed' : 'login', {
    details: {
      application: f.ApplicationId,
      error: f.LogonError ?? (f.ErrorNumber !== undefined ? String(f.ErrorNumber) : undefined) ?? props.get('loginerror'),
      requestType: props.get('requesttype'),
      client: f.Client,
    },
  });
  return { ok: true, events: [event] };
};
