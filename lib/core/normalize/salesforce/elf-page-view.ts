import type { Action } from '../../event.ts';
import type { SfParts } from './build-event.ts';
import { ElfBaseSchema, elfFamily, idFromUriPath } from './elf-common.ts';
import { cleanUserAgent, sfText } from './field-schemas.ts';
import { sfIdOrRaw } from './sf-id.ts';

/**
 * ELF `URI` (Classic): a request for a record page (`/001…`, `URI_ID_DERIVED`) is a record view. Other requests
 * (`/aura`, `/apex/…`, setup pages) name no record: they stay `other` so record-view volumes count records.
 */
export const elfUri = elfFamily(
  ElfBaseSchema.extend({ REFERRER_URI: sfText }),
  (row, eventType) => {
    const recordId = row.URI_ID_DERIVED ?? idFromUriPath(row.URI);
    return {
      action: recordId ? 'record_view' : 'other',
      vendorAction: eventType,
      object: recordId ? { type: 'record', id: sfIdOrRaw(recordId) } : undefined,
      details: recordId ? undefined : { uri: row.URI?.slice(0, 200) },
    };
  },
);

const LightningSchema = ElfBaseSchema.extend({
  PAGE_URL: sfText, PAGE_ENTITY_ID: sfText, PAGE_ENTITY_TYPE: sfText, PAGE_CONTEXT: sfText, PAGE_APP_NAME: sfText,
  USER_AGENT: sfText, APP_NAME: sfText, UI_EVENT_ID: sfText, UI_EVENT_SOURCE: sfText, RECORD_ID: sfText,
  CLIENT_ID: sfText,
});

interface PageTarget { action: Action; object?: SfParts['object']; entity?: string | undefined }

/** What a Lightning page is: a list view (`/lightning/o/Case/list?filterName=…`), a record page, or neither. */
function pageTarget(url: string | undefined, entityId: string | undefined, entityType: string | undefined): PageTarget {
  const list = url ? /\/lightning\/o\/([A-Za-z0-9_]+)\/list\?(?:.*&)?filterName=([^&#]+)/.exec(url) : null;
  if (list) return { action: 'list_view', object: { type: 'list_view', id: sfIdOrRaw(list[2]!) }, entity: entityType ?? list[1] };
  const rec = url ? /\/lightning\/r\/([A-Za-z0-9_]+)\/([a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?)(?:\/|$|\?)/.exec(url) : null;
  const id = entityId ?? rec?.[2];
  if (id) return { action: 'record_view', object: { type: 'record', id: sfIdOrRaw(id) }, entity: entityType ?? rec?.[1] };
  return { action: 'other', entity: entityType };
}

/** ELF `LightningPageView`: list views and record pages; other pages (home, setup) → other. */
export const elfLightningPageView = elfFamily(LightningSchema, (row, eventType) => {
  const target = pageTarget(row.PAGE_URL, row.PAGE_ENTITY_ID, row.PAGE_ENTITY_TYPE);
  return {
    action: target.action,
    vendorAction: eventType,
    object: target.object,
    entities: target.entity ? [target.entity] : undefined,
    ua: cleanUserAgent(row.USER_AGENT),
    details: { app: row.PAGE_APP_NAME ?? row.APP_NAME, page: target.action === 'other' ? row.PAGE_CONTEXT : undefined },
  };
});

/** ELF `LightningInteraction`: clicks inside a page, not reads of their own → other, with the page's entity/record. */
export const elfLightningInteraction = elfFamily(LightningSchema, (row, eventType) => {
  const recordId = row.RECORD_ID ?? row.PAGE_ENTITY_ID;
  return {
    action: 'other',
    vendorAction: eventType,
    object: recordId ? { type: 'record', id: sfIdOrRaw(recordId) } : undefined,
    entities: row.PAGE_ENTITY_TYPE ? [row.PAGE_ENTITY_TYPE] : undefined,
    ua: cleanUserAgent(row.USER_AGENT),
    details: { uiEvent: row.UI_EVENT_ID, uiSource: row.UI_EVENT_SOURCE },
  };
});
