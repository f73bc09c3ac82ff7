import type { NormalizeContext, NormalizeInput, NormalizeOutcome } from '../types.ts';
import { reject } from '../types.ts';
import { cleanIp } from '../ip-address.ts';
import { resolveActor } from './actor.ts';
import { buildEvent } from './build-event.ts';
import type { RtemFamily } from './rtem-common.ts';
import { rtemFamily, RtemBaseSchema } from './rtem-common.ts';
import { rtemLoginEvent, rtemLogoutEvent } from './rtem-login-event.ts';
import { rtemApiEvent } from './rtem-api-event.ts';
import { rtemListViewEvent, rtemReportEvent } from './rtem-report-event.ts';
import { rtemBulkApiResult } from './rtem-bulk-result.ts';
import { rtemThreatDetection } from './rtem-threat-detection.ts';
import { rtemTime } from './event-time.ts';

const rtemOther = rtemFamily(RtemBaseSchema, (_row, object) => ({ action: 'other', vendorAction: object || 'RtemEvent' }));

const FAMILIES: Record<string, RtemFamily> = {
  LoginEvent: rtemLoginEvent,
  LogoutEvent: rtemLogoutEvent,
  ApiEvent: rtemApiEvent,
  ReportEvent: rtemReportEvent,
  ListViewEvent: rtemListViewEvent,
  BulkApiResultEventStore: rtemBulkApiResult,
};

/** Storage object name for a streaming channel name (`ApiEventStream` → `ApiEvent`). */
function storageName(object: string): string {
  return object.replace(/Stream$/, '');
}

const isThreatObject = (o: string): boolean =>
  (o.endsWith('EventStore') && o !== 'BulkApiResultEventStore') || /(Anomaly|SessionHijacking|CredentialStuffing)Event$/.test(o);

/** Bare SOQL rows (no `attributes.type`, no stream): the field set names the object. '' when it does not. */
function objectFromFields(r: Record<string, unknown>): string {
  const has = (k: string): boolean => Object.hasOwn(r, k);
  if (has('Score') || has('SecurityEventData')) return '';
  if (has('ListViewId')) return 'ListViewEvent';
  if (has('ReportId') || has('ExecutionIdentifier')) return 'ReportEvent';
  if (has('JobId')) return 'BulkApiResultEventStore';
  if (has('QueriedEntities') || has('RowsProcessed') || has('Query')) return 'ApiEvent';
  if (has('LoginType') || has('LoginUrl') || (has('Status') && has('LoginHistoryId'))) return 'LoginEvent';
  return '';
}

function familyFor(object: string, record: Record<string, unknown>): RtemFamily {
  if (Object.hasOwn(FAMILIES, object)) return FAMILIES[object]!;
  if (isThreatObject(object)) return rtemThreatDetection;
  if (object === '' && (Object.hasOwn(record, 'Score') || Object.hasOwn(record, 'SecurityEventData'))) return rtemThreatDetection;
  return rtemOther;
}

/** One Real-Time Event Monitoring row (SOQL result record). */
export function normalizeRtemRecord(input: NormalizeInput, record: Record<string, unknown>, named: string | undefined, ctx: NormalizeContext): NormalizeOutcome {
  const object = named ? storageName(named) : objectFromFields(record);
  const mapped = familyFor(object, record)(record, object, ctx);
  if (!mapped.ok) return reject(mapped.reason, mapped.detail);
  const { row, parts } = mapped;
  const time = rtemTime(row.EventDate);
  if (!time.ok) return reject(time.reason, time.detail);
  const actor = resolveActor(ctx, parts.actorSource ?? { id: row.UserId, username: row.Username, userType: row.UserType });
  if (!actor) return reject('missing-actor', `${parts.vendorAction} row has no UserId/Username`);
  return {
    ok: true,
    events: [buildEvent({
      id: input.id,
      ref: input.ref,
      time: time.time,
      actor,
      ip: cleanIp(row.SourceIp),
      session: row.LoginKey ?? row.SessionKey,
    }, parts)],
  };
}
