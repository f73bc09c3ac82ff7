import type { Prng } from '../../lib/simulate/prng.ts';
import type { BenchPerson } from './population.ts';
import { fastUuid } from './random-ids.ts';

/** Microsoft 365 Management Activity records as found in content blobs (api-contracts.md §2.7–2.10). */

type Rec = Record<string, unknown>;
const TENANT = '3b8f2c1d-6a4e-4f0b-9c7d-2e1a5b6c7d80';
const HOST = 'benchcorp';
const SITES = ['Sales', 'Finance', 'Legal', 'Engineering', 'HR', 'Marketing'];
const EXT = ['docx', 'xlsx', 'pdf', 'pptx', 'csv'];

/** `CreationTime`: UTC, no zone, second precision. */
const creationTime = (ms: number): string => new Date(ms).toISOString().slice(0, 19);

function base(rng: Prng, p: BenchPerson, t: number, operation: string, recordType: number, workload: string, userKey: string): Rec {
  return {
    CreationTime: creationTime(t),
    Id: fastUuid(rng),
    Operation: operation,
    OrganizationId: TENANT,
    RecordType: recordType,
    UserKey: userKey,
    UserType: 0,
    Version: 1,
    Workload: workload,
    ResultStatus: 'Succeeded',
    UserId: p.email,
    ClientIP: p.ip,
  };
}

/** SharePoint FileDownloaded / FileAccessed: one of ~50 k files (site × 8000 names), so distinct files stay realistic. */
export function spFile(rng: Prng, p: BenchPerson, t: number, operation: 'FileDownloaded' | 'FileAccessed'): Rec {
  const site = rng.pick(SITES);
  const ext = rng.pick(EXT);
  const fileName = `${site.toLowerCase()}-doc-${rng.int(1, 8000)}.${ext}`;
  const siteUrl = `https://${HOST}.sharepoint.com/sites/${site}/`;
  return {
    ...base(rng, p, t, operation, 6, 'SharePoint', `i:0h.f|membership|${p.m365.userKey.toLowerCase()}@live.com`),
    ObjectId: `${siteUrl}Shared Documents/${fileName}`,
    CorrelationId: fastUuid(rng),
    EventSource: 'SharePoint',
    ItemType: 'File',
    ListId: fastUuid(rng),
    ListItemUniqueId: fastUuid(rng),
    Site: fastUuid(rng),
    UserAgent: p.ua,
    WebId: fastUuid(rng),
    SiteUrl: siteUrl,
    SourceFileExtension: ext,
    SourceFileName: fileName,
    SourceRelativeUrl: 'Shared Documents',
  };
}

export function mailItemsAccessed(rng: Prng, p: BenchPerson, t: number): Rec {
  const count = rng.int(1, 40);
  return {
    ...base(rng, p, t, 'MailItemsAccessed', 50, 'Exchange', p.m365.userKey),
    ClientIPAddress: p.ip,
    AppId: '5d661950-3475-41cd-a2c3-d671a3162bc1',
    ClientAppId: '5d661950-3475-41cd-a2c3-d671a3162bc1',
    ClientInfoString: 'Client=REST;Client=RESTSystem;;',
    ExternalAccess: false,
    InternalLogonType: 0,
    LogonType: 0,
    MailboxGuid: p.m365.mailboxGuid,
    MailboxOwnerUPN: p.email,
    OrganizationName: `${HOST}.onmicrosoft.com`,
    SessionId: fastUuid(rng),
    OperationCount: count,
    OperationProperties: [{ Name: 'MailAccessType', Value: 'Sync' }, { Name: 'IsThrottled', Value: 'False' }],
    Folders: [{ Path: rng.pick(['\\Inbox', '\\Sent Items', '\\Archive']) }],
  };
}

export function crmRetrieveMultiple(rng: Prng, p: BenchPerson, t: number): Rec {
  const entity = rng.pick(['contact', 'account', 'opportunity', 'lead']);
  const url = `https://${HOST}.crm4.dynamics.com/main.aspx?pagetype=entitylist&etn=${entity}`;
  return {
    ...base(rng, p, t, 'RetrieveMultiple', 21, 'CRM', p.m365.userKey),
    UserUpn: p.email,
    ObjectId: url,
    CrmOrganizationUniqueName: `org${HOST}`,
    InstanceUrl: `https://${HOST}.crm4.dynamics.com`,
    ItemUrl: url,
    ItemType: entity,
    EntityName: entity,
    Message: 'RetrieveMultiple',
    Query: '<filter type="and"><condition column="statecode" operator="eq" value="0" /></filter>',
    QueryResults: Array.from({ length: rng.int(1, 4) }, () => fastUuid(rng)).join(', '),
    SystemUserId: p.m365.objectId,
    UserAgent: p.ua,
    ServiceName: 'WebApi',
  };
}

export function entraLogin(rng: Prng, p: BenchPerson, t: number): Rec {
  return {
    ...base(rng, p, t, 'UserLoggedIn', 15, 'AzureActiveDirectory', p.m365.objectId),
    ResultStatus: 'Success',
    ActorIpAddress: p.ip,
    ObjectId: '00000003-0000-0ff1-ce00-000000000000',
    AzureActiveDirectoryEventType: 1,
    ApplicationId: '89bee1f7-5e6e-4d8a-9f3d-ecd601259da7',
    ExtendedProperties: [{ Name: 'ResultStatusDetail', Value: 'Success' }, { Name: 'UserAgent', Value: p.ua }],
    Actor: [{ ID: p.m365.objectId, Type: 0 }, { ID: p.email, Type: 5 }],
    ActorContextId: TENANT,
    InterSystemsId: fastUuid(rng),
    Target: [{ ID: '00000003-0000-0ff1-ce00-000000000000', Type: 0 }],
    TargetContextId: TENANT,
    ErrorNumber: '0',
  };
}

