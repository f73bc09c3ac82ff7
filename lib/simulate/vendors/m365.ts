import type { Prng } from '../prng.ts';
import type { Person } from '../org.ts';
import { ORG } from '../org.ts';
import type { SpFile } from '../catalogue.ts';
import type { JsonRecord } from '../sink.ts';

/** Microsoft 365 Management Activity records as found inside content blobs (api-contracts §2.7–2.10). */

/** `CreationTime`: UTC, no zone, second precision. */
export const creationTime = (ms: number): string => new Date(ms).toISOString().slice(0, 19);

/** Some tenants' records carry enum numbers as strings (`"RecordType":"6"`); the simulator mixes both. */
const num = (rng: Prng, n: number): number | string => (rng.chance(0.12) ? String(n) : n);

/** ClientIP sometimes arrives with a source port. */
const clientIp = (rng: Prng, ip: string): string => (rng.chance(0.1) ? `${ip}:${rng.int(49152, 65535)}` : ip);

function base(rng: Prng, t: number, operation: string, recordType: number, workload: string, userKey: string): JsonRecord {
  return {
    CreationTime: creationTime(t),
    Id: rng.uuid(),
    Operation: operation,
    OrganizationId: ORG.m365TenantId,
    RecordType: num(rng, recordType),
    UserKey: userKey,
    UserType: num(rng, 0),
    Version: 1,
    Workload: workload,
  };
}

export type SpOperation = 'FileDownloaded' | 'FileAccessed' | 'FileSyncDownloadedFull' | 'FilePreviewed' | 'FileUploaded' | 'AnonymousLinkCreated';

export function spFileOperation(rng: Prng, person: Person, t: number, operation: SpOperation, file: SpFile, ip: string,
  ua: string): JsonRecord {
  const workload = file.siteUrl.includes('-my.sharepoint.com') ? 'OneDrive' : 'SharePoint';
  return Object.assign(base(rng, t, operation, 6, workload, `i:0h.f|membership|${person.m365.userKey.toLowerCase()}@live.com`), {
    UserId: person.email,
    ClientIP: clientIp(rng, ip),
    ObjectId: file.objectId,
    ResultStatus: 'Succeeded',
    CorrelationId: rng.uuid(),
    EventSource: 'SharePoint',
    ItemType: 'File',
    ListId: file.listId,
    ListItemUniqueId: file.listItemId,
    Site: file.siteId,
    UserAgent: operation === 'FileSyncDownloadedFull' ? 'Microsoft SkyDriveSync 24.201.1006.0005 ship; Windows NT 10.0 (22631)' : ua,
    WebId: file.webId,
    SiteUrl: file.siteUrl,
    SourceFileExtension: file.extension,
    SourceFileName: file.fileName,
    SourceRelativeUrl: file.relativeUrl,
  });
}

/** A file in the person's own OneDrive. */
export function oneDriveFile(rng: Prng, person: Person, fileName: string): SpFile {
  const slug = person.email.replace(/[@.]/g, '_');
  const siteUrl = `https://${ORG.m365Host}-my.sharepoint.com/personal/${slug}/`;
  const relativeUrl = 'Documents';
  return {
    site: 'OneDrive', siteId: rng.uuid(), webId: rng.uuid(), listId: rng.uuid(), listItemId: rng.uuid(), siteUrl, relativeUrl,
    fileName, extension: fileName.split('.').pop() ?? '', objectId: `${siteUrl}${relativeUrl}/${fileName}`,
  };
}

export function mailItemsAccessed(rng: Prng, person: Person, t: number, ip: string, opts: {
  accessType: 'Sync' | 'Bind'; count: number; mobile: boolean;
  /** Exchange throttles MailItemsAccessed auditing past ~1,000 items in 24 h; default false. */
  throttled?: boolean;
  /** Graph/EWS client instead of Outlook (e.g. an OAuth app reading the mailbox). */
  client?: { appId: string; info: string };
}): JsonRecord {
  const folders = opts.accessType === 'Sync'
    ? [{ Path: rng.pick(['\\Inbox', '\\Sent Items', '\\Inbox\\Customers', '\\Archive']) }]
    : [{ Path: '\\Inbox', FolderItems: Array.from({ length: Math.min(opts.count, 5) }, () => ({ InternetMessageId: `<${rng.hex(16)}@${ORG.domain}>` })) }];
  return Object.assign(base(rng, t, 'MailItemsAccessed', 50, 'Exchange', person.m365.userKey), {
    ResultStatus: 'Succeeded',
    UserId: person.email,
    ClientIP: ip,
    ClientIPAddress: ip,
    AppId: opts.client?.appId ?? (opts.mobile ? '27922004-5251-4030-b22d-91ecd9a37ea4' : '5d661950-3475-41cd-a2c3-d671a3162bc1'),
    ClientAppId: opts.client?.appId ?? (opts.mobile ? '27922004-5251-4030-b22d-91ecd9a37ea4' : '5d661950-3475-41cd-a2c3-d671a3162bc1'),
    ClientInfoString: opts.client?.info ?? (opts.mobile ? 'Client=OutlookService;Outlook-iOS/2.0;' : 'Client=REST;Client=RESTSystem;;'),
    ExternalAccess: false,
    InternalLogonType: 0,
    LogonType: 0,
    LogonUserSid: `S-1-5-21-${person.m365.userKey.slice(4, 14)}`,
    MailboxGuid: person.m365.mailboxGuid,
    MailboxOwnerUPN: person.email,
    OrganizationName: `${ORG.onmicrosoft}`,
    OriginatingServer: `DB9PR0${rng.int(1, 9)}MB${rng.int(1000, 9999)} (15.20.8158.000)`,
    SessionId: rng.uuid(),
    OperationCount: opts.count,
    OperationProperties: [{ Name: 'MailAccessType', Value: opts.accessType }, { Name: 'IsThrottled', Value: opts.throttled ? 'True' : 'False' }],
    Folders: folders,
  });
}

export function entraUserLoggedIn(rng: Prng, person: Person, t: number, ip: string, ua: string): JsonRecord {
  return Object.assign(base(rng, t, 'UserLoggedIn', 15, 'AzureActiveDirectory', person.m365.objectId), {
    ResultStatus: 'Success',
    UserId: person.email,
    ClientIP: ip,
    ActorIpAddress: ip,
    ObjectId: '00000003-0000-0ff1-ce00-000000000000',
    AzureActiveDirectoryEventType: 1,
    ApplicationId: '89bee1f7-5e6e-4d8a-9f3d-ecd601259da7',
    ExtendedProperties: [
      { Name: 'ResultStatusDetail', Value: 'Success' },
      { Name: 'UserAgent', Value: ua },
      { Name: 'RequestType', Value: 'OAuth2:Authorize' },
    ],
    Actor: [{ ID: person.m365.objectId, Type: 0 }, { ID: person.email, Type: 5 }],
    ActorContextId: ORG.m365TenantId,
    InterSystemsId: rng.uuid(),
    IntraSystemId: rng.uuid(),
    Target: [{ ID: '00000003-0000-0ff1-ce00-000000000000', Type: 0 }],
    TargetContextId: ORG.m365TenantId,
    ErrorNumber: '0',
  });
}

export function teamsSessionStarted(rng: Prng, person: Person, t: number, ip: string): JsonRecord {
  return Object.assign(base(rng, t, 'TeamsSessionStarted', 25, 'MicrosoftTeams', person.m365.objectId), {
    ResultStatus: 'Succeeded',
    UserId: person.email,
    ClientIP: ip,
    ObjectId: 'Unknown',
    ExtraProperties: [{ Key: 'OsName', Value: rng.pick(['Windows', 'macOS', 'iOS']) }, { Key: 'ClientName', Value: 'Teams' }],
  });
}

export interface TeamsMember {
  UPN: string;
  /** 0 member, 1 owner, 2 guest */
  Role: 0 | 1 | 2;
  DisplayName: string;
}

export function teamsMemberAdded(rng: Prng, actor: Person, t: number, ip: string, team: { name: string; guid: string },
  members: TeamsMember[]): JsonRecord {
  return Object.assign(base(rng, t, 'MemberAdded', 25, 'MicrosoftTeams', actor.m365.objectId), {
    ResultStatus: 'Succeeded',
    UserId: actor.email,
    ClientIP: ip,
    ObjectId: team.name,
    CommunicationType: 'Team',
    ItemName: team.name,
    TeamName: team.name,
    TeamGuid: team.guid,
    Members: members,
  });
}

export function crmRead(rng: Prng, person: Person, t: number, ip: string, ua: string, opts: {
  message: 'RetrieveMultiple' | 'ExportToExcel'; entity: string; ids: number;
  /** FetchXML filter; defaults to active records. */
  query?: string;
}): JsonRecord {
  const ids = Array.from({ length: opts.ids }, () => rng.uuid());
  return Object.assign(base(rng, t, opts.message, 21, 'CRM', person.m365.userKey), {
    ResultStatus: 'Succeeded',
    UserId: person.email,
    UserUpn: person.email,
    ClientIP: ip,
    ObjectId: `${ORG.crmUrl}/main.aspx?pagetype=entitylist&etn=${opts.entity}`,
    CrmOrganizationUniqueName: ORG.crmOrg,
    InstanceUrl: ORG.crmUrl,
    ItemUrl: `${ORG.crmUrl}/main.aspx?pagetype=entitylist&etn=${opts.entity}`,
    ItemType: opts.entity,
    EntityName: opts.entity,
    Message: opts.message,
    Query: opts.query ?? '<filter type="and"><condition column="statecode" operator="eq" value="0" /></filter>',
    QueryResults: ids.join(', '),
    SystemUserId: person.m365.objectId,
    UserAgent: ua,
    ServiceName: 'WebApi',
  });
}

export function searchExported(rng: Prng, person: Person, t: number, ip: string, caseName: string, query: string): JsonRecord {
  return Object.assign(base(rng, t, 'SearchExported', 24, 'SecurityComplianceCenter', person.m365.objectId), {
    ResultStatus: 'Succeeded',
    UserId: person.email,
    ClientIP: ip,
    ObjectId: `${caseName} search_Export`,
    CaseId: rng.uuid(),
    CaseName: caseName,
    QueryText: query,
    ExportName: `${caseName} search_Export`,
    JobId: rng.uuid(),
    DataSources: 'Exchange, SharePoint',
  });
}

/** Sharing a file with a named outsider (`SharingInvitationCreated`, target type Guest): api-contracts §2.8 sharing schema. */
export function sharingInvitationCreated(rng: Prng, person: Person, t: number, file: SpFile, ip: string, ua: string,
  target: string): JsonRecord {
  return Object.assign(spFileOperation(rng, person, t, 'FileAccessed', file, ip, ua), {
    Operation: 'SharingInvitationCreated',
    RecordType: 14,
    TargetUserOrGroupName: target,
    TargetUserOrGroupType: 'Guest',
    UniqueSharingId: rng.uuid(),
    EventData: '<Type>Edit</Type><MembersCanShare>Yes</MembersCanShare>',
  });
}

/** Teams `MemberRemoved` (RecordType 25): same shape as MemberAdded. */
export function teamsMemberRemoved(rng: Prng, actor: Person, t: number, ip: string, team: { name: string; guid: string },
  members: TeamsMember[]): JsonRecord {
  return Object.assign(teamsMemberAdded(rng, actor, t, ip, team, members), { Operation: 'MemberRemoved' });
}

/** Teams `MessagesExported` (Graph export API, Audit Premium): one record per export call with the messages listed. */
export function teamsMessagesExported(rng: Prng, person: Person, t: number, ip: string, team: { name: string; guid: string },
  messages: number, appId: string): JsonRecord {
  return Object.assign(base(rng, t, 'MessagesExported', 25, 'MicrosoftTeams', person.m365.objectId), {
    ResultStatus: 'Succeeded',
    UserId: person.email,
    ClientIP: ip,
    ObjectId: team.name,
    TeamName: team.name,
    TeamGuid: team.guid,
    AppAccessContext: { ClientAppId: appId, ClientAppName: 'Graph Explorer' },
    Messages: Array.from({ length: messages }, () => ({ Id: String(rng.int(1_600_000_000_000, 1_760_000_000_000)), ChatThreadId: team.guid })),
  });
}
