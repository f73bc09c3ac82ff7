import { z } from 'zod';
import type { Action, NormalizedEvent } from '../../event.ts';
import type { FamilyNormalizer } from './family-normalizer.ts';
import { readFamilyFields } from './family-normalizer.ts';
import { finishEvent } from './base-event.ts';
import { optText } from './record-schema.ts';
import { compiled } from '../compiled-schema.ts';
import { lookupTable } from '../lookup-table.ts';

/**
 * Dynamics 365 SDK messages (RecordType 21, Workload CRM). Power Platform's read classification
 * (api-contracts.md §2.9): multi-record reads → record_query, single reads → record_view, exports → export.
 */
const ACTIONS = lookupTable<Action>({
  ExportToExcel: 'export',
  'Report Viewer Export': 'export',
  'Report Viewed': 'report_run',
  RetrieveMultiple: 'record_query',
  ExecuteFetch: 'record_query',
  RollUp: 'record_query',
  RetrieveEntitiesForAggregateQuery: 'record_query',
  RetrieveRecordWall: 'record_query',
  RetrievePersonalWall: 'record_query',
  Retrieve: 'record_view',
  Search: 'search',
});

/** Prefix rules for the rest of the read family (`ExportToExcelOnline`, `RetrieveMultipleEntities`, `SearchMultiple`…). */
const PREFIXES: [RegExp, Action][] = [
  [/^Export/, 'export'],
  [/^(RetrieveMultiple|ExecuteFetch|RollUp|RetrieveEntitiesForAggregateQuery|RetrieveRecordWall|RetrievePersonalWall)/, 'record_query'],
  [/^Search/, 'search'],
];

const CrmFieldsSchema = compiled('Dynamics fields', z.object({
  Message: optText,
  EntityName: optText,
  EntityId: optText,
  PrimaryFieldValue: optText,
  QueryResults: z.union([z.string(), z.array(z.unknown())]).optional().catch(undefined),
  CrmOrganizationUniqueName: optText,
  InstanceUrl: optText,
  ItemUrl: optText,
}));
type CrmFields = z.infer<typeof CrmFieldsSchema>;

export const normalizeDynamics: FamilyNormalizer = (raw, base) => {
  const read = readFamilyFields(CrmFieldsSchema, raw);
  if (!read.ok) return read.outcome;
  const f = read.data;
  // `Operation` and `Message` both carry the SDK message; prefer whichever this table knows.
  const names = [base.vendorAction, f.Message?.trim()].filter((n): n is string => !!n);
  const action = names.map(actionOf).find((a) => a !== 'other') ?? 'other';
  const entity = f.EntityName?.trim();
  const event = finishEvent(base, action, {
    entities: entity ? [entity] : undefined,
    count: resultCount(f.QueryResults),
    object: recordOf(f, entity),
    details: { org: f.CrmOrganizationUniqueName, instanceUrl: f.InstanceUrl },
  });
  return { ok: true, events: [event] };
};

function actionOf(name: string): Action {
  return ACTIONS.get(name) ?? PREFIXES.find(([re]) => re.test(name))?.[1] ?? 'other';
}

/** `QueryResults` lists the returned record ids, comma-separated (or, defensively, as an array). */
function resultCount(q: CrmFields['QueryResults']): number | undefined {
  if (q === undefined) return undefined;
  if (Array.isArray(q)) return q.length;
  return q.split(',').filter((id) => id.trim()).length;
}

function recordOf(f: CrmFields, entity: string | undefined): NormalizedEvent['object'] {
  const id = f.EntityId?.trim() || f.ItemUrl?.trim();
  if (!id) return undefined;
  return { type: entity ?? 'record', id, name: f.PrimaryFieldValue };
}
