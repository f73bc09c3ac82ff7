import type { Source } from '../core/event.ts';
import { eventList, gwActivityId, gwEventId, numberedNames, qualifierText } from '../core/normalize/google-workspace/activity-id.ts';

/** Where a vendor-native record belongs, recognised by its fields (DESIGN.md §3 sources and streams). */
export type RecordIdentity =
  | { ok: true; source: Source; stream: string; id: string }
  /** `source` when the record has a vendor's shape but cannot be used (no id, not an event). */
  | { ok: false; reason: 'unknown-record' | 'missing-id' | 'not-an-event'; detail: string; source?: Source };

type Rec = Record<string, unknown>;

const isObject = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const has = (r: Rec, ...keys: string[]): boolean => keys.some((k) => r[k] !== undefined);

/** M365 content type from the workload, as the Management Activity API would have filed the record. */
function m365ContentType(workload: unknown): string {
  switch (workload) {
    case 'SharePoint':
    case 'OneDrive':
      return 'Audit.SharePoint';
    case 'Exchange':
      return 'Audit.Exchange';
    case 'AzureActiveDirectory':
      return 'Audit.AzureActiveDirectory';
    default:
      return 'Audit.General';
  }
}

/**
 * RTEM object of a SOQL row without `attributes.type`, from the fields only that object has (api-contracts §1.7).
 * Undefined when unsure: the Salesforce normalizer then infers from the record itself.
 */
function rtemObject(r: Rec): string | undefined {
  if (has(r, 'LoginType', 'LoginUrl', 'LoginGeoId')) return 'LoginEvent';
  if (has(r, 'ListViewId')) return 'ListViewEvent';
  if (has(r, 'ReportId', 'ExecutionIdentifier', 'DashboardId')) return 'ReportEvent';
  if (has(r, 'JobId') && has(r, 'BatchId')) return 'BulkApiResultEventStore';
  if (has(r, 'ApiType', 'QueriedEntities')) return 'ApiEvent';
  return undefined;
}

/**
 * A Reports API activity: its id as the collector would write it (one event: the per-event id; several: the
 * activity's, and the normalizer numbers the events).
 */
function googleWorkspaceIdentity(r: Rec, id: Rec): RecordIdentity {
  const app = str(id['applicationName'])!;
  const time = str(id['time']);
  const uq = qualifierText(id['uniqueQualifier']);
  if (!time || uq === undefined) return { ok: false, reason: 'missing-id', detail: 'Google Workspace activity without id.time or id.uniqueQualifier', source: 'google-workspace' };
  const events = eventList(r['events']);
  const first = events.length === 1 ? numberedNames(events)[0]?.name : undefined;
  return { ok: true, source: 'google-workspace', stream: app, id: first ? gwEventId(app, time, uq, first) : gwActivityId(app, time, uq) };
}

/** Recognise one vendor-native record by field shape: Slack entry, M365 audit record, Salesforce RTEM row, Reports API activity or Okta LogEvent. */
export function identifyRecord(r: Rec): RecordIdentity {
  if (isObject(r['id']) && str(r['id']['applicationName']) && (r['kind'] === 'admin#reports#activity' || r['events'] !== undefined)) {
    return googleWorkspaceIdentity(r, r['id']);
  }
  if (has(r, 'date_create') && has(r, 'action') && isObject(r['actor'])) {
    const id = str(r['id']);
    return id ? { ok: true, source: 'slack', stream: 'audit', id } : { ok: false, reason: 'missing-id', detail: 'Slack entry without id', source: 'slack' };
  }
  // Not `Operation`: a record without one is still an M365 record, which the normalizer rejects as missing-operation.
  if (has(r, 'CreationTime') && has(r, 'RecordType', 'Workload')) {
    const id = str(r['Id']);
    return id
      ? { ok: true, source: 'm365', stream: m365ContentType(r['Workload']), id }
      : { ok: false, reason: 'missing-id', detail: 'M365 record without Id', source: 'm365' };
  }
  // Okta System Log LogEvent (a `GET /api/v1/logs` page is a bare array of them): the record id is the event uuid.
  if (has(r, 'eventType') && has(r, 'published') && has(r, 'actor', 'uuid')) {
    const id = str(r['uuid']);
    return id ? { ok: true, source: 'okta', stream: 'logs', id } : { ok: false, reason: 'missing-id', detail: 'Okta LogEvent without uuid', source: 'okta' };
  }
  const attrType = isObject(r['attributes']) ? str(r['attributes']['type']) : undefined;
  if (attrType === 'EventLogFile') {
    return { ok: false, reason: 'not-an-event', detail: 'EventLogFile metadata row: replay the downloaded CSV instead', source: 'salesforce' };
  }
  if (has(r, 'EventDate') || (attrType !== undefined && has(r, 'EventIdentifier'))) {
    const id = str(r['EventIdentifier']) ?? str(r['Id']);
    if (!id) return { ok: false, reason: 'missing-id', detail: 'Salesforce event without EventIdentifier or Id', source: 'salesforce' };
    const object = attrType ?? rtemObject(r);
    return { ok: true, source: 'salesforce', stream: object ? `rtem:${object}` : 'rtem', id };
  }
  return { ok: false, reason: 'unknown-record', detail: 'not a Slack entry, M365 audit record, Salesforce event, Google Workspace activity or Okta LogEvent' };
}

/**
 * The records inside one parsed JSON value: a Slack `/audit/v1/logs` page (`entries`), SOQL results (`records`),
 * a Reports API `activities.list` page (`kind: admin#reports#activities`, `items`, absent when empty), an M365
 * content blob or bare array, or a single record. Undefined for values that hold no records at all.
 */
export function recordsOf(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (!isObject(value)) return undefined;
  if (isHoardwatchMetadata(value)) return [];
  if (value['kind'] === 'admin#reports#activities') return Array.isArray(value['items']) ? value['items'] : [];
  if (Array.isArray(value['entries'])) return value['entries'];
  if (Array.isArray(value['records'])) return value['records'];
  return [value];
}

/** Our own side files (e.g. simulate's truth.json, `kind: "hoardwatch.simulate.truth"`): no audit records in them. */
export function isHoardwatchMetadata(value: Rec): boolean {
  return typeof value['kind'] === 'string' && value['kind'].startsWith('hoardwatch.');
}

export { isObject };
