import type { NormalizeContext, NormalizeInput, NormalizeOutcome } from '../types.ts';
import { reject } from '../types.ts';
import { cleanIp } from '../ip-address.ts';
import { resolveActor } from './actor.ts';
import { buildEvent } from './build-event.ts';
import type { ElfFamily } from './elf-common.ts';
import { ElfBaseSchema, elfFamily, requestOutcome } from './elf-common.ts';
import { elfLogin, elfLoginAs, elfLogout } from './elf-login.ts';
import { elfReport, elfReportExport } from './elf-report.ts';
import { elfMetadataApi, elfRestApi, elfSoapApi } from './elf-api.ts';
import { elfBulkApi, elfBulkApi2 } from './elf-bulk.ts';
import { elfLightningInteraction, elfLightningPageView, elfUri } from './elf-page-view.ts';
import { elfContentDistribution, elfContentTransfer, elfDocumentAttachmentDownloads } from './elf-content.ts';
import { elfSearch } from './elf-search.ts';
import { elfTime } from './event-time.ts';
import { sfIdOrRaw } from './sf-id.ts';

/** Any other ELF type: a valid event with what the common columns give. */
const elfOther = elfFamily(ElfBaseSchema, (_row, eventType) => ({ action: 'other', vendorAction: eventType }));

const FAMILIES: Record<string, ElfFamily> = {
  Login: elfLogin,
  LoginAs: elfLoginAs,
  Logout: elfLogout,
  Report: elfReport,
  AsyncReportRun: elfReport,
  ReportExport: elfReportExport,
  API: elfSoapApi,
  RestApi: elfRestApi,
  BulkApi: elfBulkApi,
  BulkApi2: elfBulkApi2,
  URI: elfUri,
  LightningPageView: elfLightningPageView,
  LightningInteraction: elfLightningInteraction,
  ContentTransfer: elfContentTransfer,
  DocumentAttachmentDownloads: elfDocumentAttachmentDownloads,
  ContentDistribution: elfContentDistribution,
  Search: elfSearch,
  MetadataApiOperation: elfMetadataApi,
};

/**
 * One EventLogFile CSV row (object keyed by the UPPER_SNAKE header). `streamType` is the event type named by
 * the stream (`elf:<EventType>`), used when the row lacks `EVENT_TYPE`.
 */
export function normalizeElfRow(input: NormalizeInput, record: Record<string, unknown>, streamType: string | undefined, ctx: NormalizeContext): NormalizeOutcome {
  const rawType = record.EVENT_TYPE;
  const eventType = typeof rawType === 'string' && rawType.trim() !== '' ? rawType.trim() : streamType;
  if (eventType === undefined) return reject('not-a-salesforce-record', 'ELF row without EVENT_TYPE');
  // A header row that slipped into the data (SIEM exports, concatenated files): every value is its column name.
  if (eventType === 'EVENT_TYPE') return reject('csv-header-row', 'row repeats the CSV header');
  const family = Object.hasOwn(FAMILIES, eventType) ? FAMILIES[eventType]! : elfOther;
  const mapped = family(record, eventType, ctx);
  if (!mapped.ok) return reject(mapped.reason, mapped.detail);
  const { row, parts } = mapped;
  const time = elfTime(row.TIMESTAMP_DERIVED, row.TIMESTAMP);
  if (!time.ok) return reject(time.reason, time.detail);
  const actor = resolveActor(ctx, parts.actorSource ?? {
    id: row.USER_ID, idDerived: row.USER_ID_DERIVED, username: row.USER_NAME, userType: row.USER_TYPE,
  });
  if (!actor) return reject('missing-actor', `${eventType} row has no USER_ID/USER_NAME`);
  return {
    ok: true,
    events: [buildEvent({
      id: input.id,
      ref: input.ref,
      time: time.time,
      tenant: sfIdOrRaw(row.ORGANIZATION_ID),
      actor,
      // CLIENT_IP is `Salesforce.com IP` or '' for internal calls; Login rows also carry SOURCE_IP.
      ip: cleanIp(row.CLIENT_IP) ?? cleanIp(row.SOURCE_IP),
      session: row.LOGIN_KEY ?? row.SESSION_KEY,
      outcome: requestOutcome(row.REQUEST_STATUS),
    }, parts)],
  };
}
