import { z } from 'zod';
import type { Action, NormalizedEvent } from '../../event.ts';
import type { FamilyNormalizer } from './family-normalizer.ts';
import { readFamilyFields } from './family-normalizer.ts';
import { finishEvent } from './base-event.ts';
import { optInt, optText } from './record-schema.ts';
import { readBool, readNameValues } from './name-value-list.ts';
import { externalFromAddress } from './guest-upn.ts';
import { compiled } from '../compiled-schema.ts';
import { lookupTable } from '../lookup-table.ts';

/** Exchange mailbox and admin operations (api-contracts.md §2.8–2.9). Unlisted operations → `other`. */
const ACTIONS = lookupTable<Action>({
  MailItemsAccessed: 'mail_access',
  MailboxLogin: 'login',
  SearchQueryInitiatedExchange: 'search',
  'New-InboxRule': 'config_change',
  'Set-InboxRule': 'config_change',
  UpdateInboxRules: 'config_change',
  'Add-MailboxPermission': 'config_change',
  'Add-RecipientPermission': 'config_change',
  AddFolderPermissions: 'config_change',
  UpdateFolderPermissions: 'config_change',
  ModifyFolderPermissions: 'config_change',
  RemoveFolderPermissions: 'config_change',
});

/** Exchange admin records name a cmdlet; these verbs change configuration. */
const CMDLET_CHANGE = /^(New|Set|Add|Remove|Enable|Disable|Update)-/;

/** LogonType (§2.8): who opened the mailbox relative to its owner. */
const LOGON_TYPES: Record<number, string> = {
  0: 'owner', 1: 'admin', 2: 'delegated', 3: 'transport', 4: 'system-service', 5: 'best-access', 6: 'delegated-admin',
};

/** Rule/mailbox parameters that send mail out of the tenant. */
const FORWARDING_PARAMS = ['forwardto', 'redirectto', 'forwardasattachmentto', 'forwardingsmtpaddress'];

const FolderSchema = compiled('Exchange folder', z.object({ FolderItems: z.array(z.unknown()).optional().catch(undefined) }));

const ExchangeFieldsSchema = compiled('Exchange fields', z.object({
  MailboxOwnerUPN: optText,
  MailboxGuid: optText,
  ObjectId: optText,
  OperationCount: optInt,
  OperationProperties: z.unknown().optional(),
  Parameters: z.unknown().optional(),
  Folders: z.array(z.unknown()).optional().catch(undefined),
  LogonType: optInt,
  AppId: optText,
  ClientAppId: optText,
  ExternalAccess: z.boolean().optional().catch(undefined),
}));
type ExchangeFields = z.infer<typeof ExchangeFieldsSchema>;

export const normalizeExchange: FamilyNormalizer = (raw, base) => {
  const read = readFamilyFields(ExchangeFieldsSchema, raw);
  if (!read.ok) return read.outcome;
  const f = read.data;
  const op = base.vendorAction;
  const action = ACTIONS.get(op) ?? (CMDLET_CHANGE.test(op) ? 'config_change' : 'other');
  const props = readNameValues(f.OperationProperties);
  const params = readNameValues(f.Parameters);
  const isMailAccess = action === 'mail_access';
  const event = finishEvent(base, action, {
    object: mailboxOf(f) ?? cmdletTarget(op, f),
    count: isMailAccess ? operationCount(f) ?? folderItemCount(f) : undefined,
    external: forwardingTarget(params),
    details: {
      accessType: isMailAccess ? props.get('mailaccesstype') : undefined,
      throttled: isMailAccess ? readBool(props.get('isthrottled')) : undefined,
      appId: f.ClientAppId ?? f.AppId,
      logonType: f.LogonType !== undefined ? LOGON_TYPES[f.LogonType] ?? String(f.LogonType) : undefined,
      externalAccess: f.ExternalAccess,
    },
  });
  return { ok: true, events: [event] };
};

/** Mail operations are about the owner's mailbox. */
function mailboxOf(f: ExchangeFields): NormalizedEvent['object'] {
  const owner = f.MailboxOwnerUPN?.trim().toLowerCase();
  const id = owner || f.MailboxGuid?.trim();
  return id ? { type: 'mailbox', id, name: owner || undefined } : undefined;
}

/** Admin cmdlets name their target (a mailbox, rule or user) in `ObjectId`. */
function cmdletTarget(op: string, f: ExchangeFields): NormalizedEvent['object'] {
  const id = f.ObjectId?.trim();
  return CMDLET_CHANGE.test(op) && id ? { type: 'exchange-object', id } : undefined;
}

/** A negative count is vendor noise, not a volume: treat it as absent. */
const operationCount = (f: ExchangeFields): number | undefined =>
  f.OperationCount !== undefined && f.OperationCount >= 0 ? f.OperationCount : undefined;

/** Aggregated MailItemsAccessed without `OperationCount`: count the listed items. */
function folderItemCount(f: ExchangeFields): number | undefined {
  if (!f.Folders) return undefined;
  let n = 0;
  for (const folder of f.Folders) {
    const parsed = FolderSchema.safeParse(folder);
    if (parsed.success) n += parsed.data.FolderItems?.length ?? 0;
  }
  return n;
}

function forwardingTarget(params: Map<string, string>): NormalizedEvent['external'] {
  for (const name of FORWARDING_PARAMS) {
    const value = params.get(name);
    // Values may list several recipients (`a@x.com;b@y.com`) or use an `smtp:` prefix.
    const first = value?.split(/[;,]/).map((v) => v.trim().replace(/^smtp:/i, '')).find((v) => v);
    const ext = first ? externalFromAddress(first) : undefined;
    if (ext) return ext;
  }
  return undefined;
}
