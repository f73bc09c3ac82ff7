import type { Action } from '../../event.ts';
import { ElfBaseSchema, elfFamily } from './elf-common.ts';
import { cleanUserAgent, sfCount, sfNumber, sfText, splitList } from './field-schemas.ts';
import { sfIdOrRaw } from './sf-id.ts';

/** SOAP `METHOD_NAME`s that read records. */
const SOAP_READS = new Set(['query', 'queryall', 'querymore', 'retrieve']);

/** ELF `API` (SOAP): reads count `ROWS_PROCESSED` of `ENTITY_NAME`; `CLIENT_NAME` names the client (Data Loader…). */
export const elfSoapApi = elfFamily(
  ElfBaseSchema.extend({ METHOD_NAME: sfText, ENTITY_NAME: sfText, ROWS_PROCESSED: sfCount, CLIENT_NAME: sfText, API_TYPE: sfText }),
  (row, eventType) => {
    const method = row.METHOD_NAME?.toLowerCase();
    const action: Action = method && SOAP_READS.has(method) ? 'record_query' : method === 'search' ? 'search' : 'other';
    return {
      action,
      vendorAction: eventType,
      entities: splitList(row.ENTITY_NAME),
      count: action === 'other' ? undefined : row.ROWS_PROCESSED,
      details: {
        method: row.METHOD_NAME, client: row.CLIENT_NAME, apiType: row.API_TYPE,
        rows: action === 'other' ? row.ROWS_PROCESSED : undefined,
      },
    };
  },
);

interface RestRoute { action: Action; entity?: string | undefined; recordId?: string | undefined }

/** Classifies a REST path (`/services/data/v58.0/query`, `/sobjects/Contact/003…`). Writes and other calls → other. */
function restRoute(uri: string | undefined, method: string | undefined): RestRoute {
  const path = (uri ?? '').split('?')[0]!;
  const m = /\/services\/data\/v[\d.]+\/(.*)$/.exec(path);
  const rest = m?.[1] ?? '';
  const reads = method === undefined || method === 'GET' || method === 'HEAD';
  if (!reads) return { action: 'other' };
  if (/^(query|queryAll)(\/|$)/.test(rest)) return { action: 'record_query' };
  if (/^(search|parameterizedSearch)(\/|$)/.test(rest)) return { action: 'search' };
  const so = /^sobjects\/([A-Za-z0-9_]+)\/([a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?)(?:\/|$)/.exec(rest);
  if (so) return { action: 'record_view', entity: so[1], recordId: so[2] };
  return { action: 'other' };
}

/** ELF `RestApi`: the `URI` path and `METHOD` say what the call was; `USER_AGENT` here is a numeric client code. */
export const elfRestApi = elfFamily(
  ElfBaseSchema.extend({
    METHOD: sfText, STATUS_CODE: sfNumber, ROWS_PROCESSED: sfCount, ENTITY_NAME: sfText,
    USER_AGENT: sfText, CLIENT_NAME: sfText, CONNECTED_APP_ID: sfText,
  }),
  (row, eventType) => {
    const route = restRoute(row.URI, row.METHOD?.toUpperCase());
    const status = row.STATUS_CODE;
    const read = route.action !== 'other';
    return {
      action: route.action,
      vendorAction: eventType,
      outcome: status === undefined ? undefined : status >= 400 ? 'failure' : 'success',
      entities: splitList(row.ENTITY_NAME) ?? (route.entity ? [route.entity] : undefined),
      count: read ? row.ROWS_PROCESSED : undefined,
      object: route.recordId ? { type: 'record', id: sfIdOrRaw(route.recordId) } : undefined,
      ua: cleanUserAgent(row.USER_AGENT),
      details: {
        method: row.METHOD, statusCode: status, client: row.CLIENT_NAME, connectedAppId: sfIdOrRaw(row.CONNECTED_APP_ID),
        rows: read ? undefined : row.ROWS_PROCESSED,
      },
    };
  },
);

/** ELF `MetadataApiOperation`: metadata, not records; a deploy changes configuration. `CLIENT_ID` names the tool. */
export const elfMetadataApi = elfFamily(
  ElfBaseSchema.extend({ OPERATION: sfText, CLIENT_ID: sfText, API_VERSION: sfText }),
  (row, eventType) => ({
    action: row.OPERATION && /deploy/i.test(row.OPERATION) ? 'config_change' : 'other',
    vendorAction: eventType,
    details: { operation: row.OPERATION, client: row.CLIENT_ID },
  }),
);
