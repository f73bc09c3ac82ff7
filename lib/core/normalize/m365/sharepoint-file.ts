import { z } from 'zod';
import type { Action, NormalizedEvent } from '../../event.ts';
import type { FamilyNormalizer } from './family-normalizer.ts';
import { readFamilyFields } from './family-normalizer.ts';
import { finishEvent } from './base-event.ts';
import { optText } from './record-schema.ts';
import { sharingTarget } from './sharepoint-sharing-target.ts';
import { compiled } from '../compiled-schema.ts';
import { lookupTable } from '../lookup-table.ts';

/** SharePoint/OneDrive file and sharing operations (api-contracts.md §2.8–2.9). Unlisted operations → `other`. */
const ACTIONS = lookupTable<Action>({
  FileDownloaded: 'file_download',
  FileSyncDownloadedFull: 'file_sync_download',
  // Deprecated sync-client name: still bytes leaving for a device.
  FileSyncDownloadedPartial: 'file_sync_download',
  FileAccessed: 'file_access',
  FileAccessedExtended: 'file_access',
  FileFetched: 'file_access',
  FileViewed: 'file_access',
  CompanyLinkUsed: 'file_access',
  SecureLinkUsed: 'file_access',
  FilePreviewed: 'file_preview',
  FileUploaded: 'file_upload',
  FileSyncUploadedFull: 'file_upload',
  SearchQueryPerformed: 'search',
  AnonymousLinkCreated: 'public_link',
  AnonymousLinkUsed: 'public_link_used',
  SharingSet: 'file_share',
  SharingInvitationCreated: 'file_share',
  AddedToSecureLink: 'file_share',
  SecureLinkCreated: 'file_share',
  CompanyLinkCreated: 'file_share',
  SiteCollectionAdminAdded: 'role_change',
  // Tenant or site sharing opened up (e.g. anonymous links allowed): a guardrail, not ordinary configuration.
  SharingPolicyChanged: 'guardrail_change',
});

const SharePointFieldsSchema = compiled('SharePoint fields', z.object({
  ObjectId: optText,
  ItemType: optText,
  SiteUrl: optText,
  SourceRelativeUrl: optText,
  SourceFileName: optText,
  ListItemUniqueId: optText,
  TargetUserOrGroupName: optText,
  TargetUserOrGroupType: optText,
  UserSharedWith: optText,
  SharingType: optText,
  SourceLabel: optText,
}));
type SharePointFields = z.infer<typeof SharePointFieldsSchema>;

export const normalizeSharePoint: FamilyNormalizer = (raw, base) => {
  const read = readFamilyFields(SharePointFieldsSchema, raw);
  if (!read.ok) return read.outcome;
  const f = read.data;
  const action = ACTIONS.get(base.vendorAction) ?? 'other';
  const external = action === 'file_share' ? sharingTarget(f, base.actor) : undefined;
  const event = finishEvent(base, action, {
    object: action === 'search' ? undefined : itemOf(f, base.vendorAction),
    external,
    details: {
      targetType: f.TargetUserOrGroupType,
      sharingType: f.SharingType,
      label: f.SourceLabel,
    },
  });
  return { ok: true, events: [event] };
};

/**
 * The item acted on. Files are identified by their full URL (`ObjectId`) so distinct-file counting works;
 * without one, the URL is rebuilt from site + relative path + name, then the list item id.
 */
function itemOf(f: SharePointFields, operation: string): NormalizedEvent['object'] {
  const itemType = f.ItemType?.trim().toLowerCase();
  const type = itemType ?? (/^File/.test(operation) ? 'file' : undefined);
  const rebuilt = f.SiteUrl && f.SourceFileName
    ? [f.SiteUrl.replace(/\/+$/, ''), f.SourceRelativeUrl?.replace(/^\/+|\/+$/g, ''), f.SourceFileName]
      .filter((p) => p).join('/')
    : undefined;
  const id = f.ObjectId?.trim() || rebuilt || f.ListItemUniqueId?.trim() || undefined;
  const name = f.SourceFileName?.trim() || (type === 'file' && id ? lastSegment(id) : undefined);
  if (!id && !name) return undefined;
  return { type, id, name };
}

const lastSegment = (url: string): string | undefined => url.split('/').filter((p) => p).pop();
