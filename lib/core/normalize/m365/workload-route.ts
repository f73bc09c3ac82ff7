import type { App } from '../../event.ts';
import type { M365Record } from './record-schema.ts';
import type { FamilyNormalizer } from './family-normalizer.ts';
import { finishEvent } from './base-event.ts';
import { normalizeSharePoint } from './sharepoint-file.ts';
import { normalizeExchange } from './exchange-mailbox.ts';
import { normalizeTeams } from './teams-activity.ts';
import { normalizeDynamics } from './dynamics-crm.ts';
import { DISCOVERY_OPERATIONS, normalizeDiscovery } from './ediscovery.ts';
import { isEntraLogon, normalizeEntraLogon } from './entra-logon.ts';
import { normalizeEntraDirectory } from './entra-directory.ts';
import { lookupTable } from '../lookup-table.ts';

/** Workloads we read closely, with their app; anything else stays a generic `m365` event. */
const WORKLOAD_APPS = lookupTable<App>({
  sharepoint: 'sharepoint',
  onedrive: 'onedrive',
  exchange: 'exchange',
  microsoftteams: 'teams',
  crm: 'dynamics365',
  azureactivedirectory: 'entra',
});

/** RecordType fallback when `Workload` is missing (api-contracts.md §2.7). */
const RECORD_TYPE_APPS: Record<number, App> = {
  1: 'exchange', 2: 'exchange', 3: 'exchange', 50: 'exchange', 101: 'exchange',
  4: 'sharepoint', 6: 'sharepoint', 14: 'sharepoint', 36: 'sharepoint', 54: 'sharepoint', 102: 'sharepoint',
  8: 'entra', 9: 'entra', 15: 'entra',
  21: 'dynamics365',
  24: 'purview', 31: 'purview',
  25: 'teams', 57: 'teams',
};

const DISCOVERY_RECORD_TYPES = new Set([24, 31]);

/** Records of workloads we do not read closely: kept as `other` so nothing is dropped. */
const normalizeGeneric: FamilyNormalizer = (_raw, base) => ({ ok: true, events: [finishEvent(base, 'other')] });

/**
 * Which family reads a record and which app it belongs to, from `Workload`, then `RecordType`, then the
 * operation name. The content type (stream) is not trusted: vendor files mix them.
 */
export function routeRecord(rec: M365Record, operation: string): { app: App; normalize: FamilyNormalizer } {
  const rt = rec.RecordType;
  // Discovery records come under the SecurityComplianceCenter workload, shared with unrelated alerts.
  if ((rt !== undefined && DISCOVERY_RECORD_TYPES.has(rt)) || (rt === undefined && DISCOVERY_OPERATIONS.has(operation))) {
    return { app: 'purview', normalize: normalizeDiscovery };
  }
  const workload = rec.Workload?.trim().toLowerCase();
  const app = workload !== undefined ? WORKLOAD_APPS.get(workload) : rt !== undefined ? appFromRecordType(rec, rt) : undefined;
  switch (app) {
    case 'sharepoint':
    case 'onedrive':
      return { app, normalize: normalizeSharePoint };
    case 'exchange':
      return { app, normalize: normalizeExchange };
    case 'teams':
      return { app, normalize: normalizeTeams };
    case 'dynamics365':
      return { app, normalize: normalizeDynamics };
    case 'entra':
      return { app, normalize: isEntraLogon(rt, operation) ? normalizeEntraLogon : normalizeEntraDirectory };
    default:
      return { app: 'm365', normalize: normalizeGeneric };
  }
}

function appFromRecordType(rec: M365Record, rt: number): App | undefined {
  const app = RECORD_TYPE_APPS[rt];
  // Without a Workload, OneDrive shows itself by its personal-site host (`<tenant>-my.sharepoint.com`).
  if (app === 'sharepoint' && /-my\.sharepoint\./i.test(rec.ObjectId ?? '')) return 'onedrive';
  return app;
}
