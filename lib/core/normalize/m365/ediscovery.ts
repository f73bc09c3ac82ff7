import { z } from 'zod';
import type { Action } from '../../event.ts';
import type { FamilyNormalizer } from './family-normalizer.ts';
import { readFamilyFields } from './family-normalizer.ts';
import { finishEvent } from './base-event.ts';
import { optText } from './record-schema.ts';
import { compiled } from '../compiled-schema.ts';
import { lookupTable } from '../lookup-table.ts';

/** eDiscovery / content search (RecordType 24 Discovery, 31 AeD; api-contracts.md §2.9). Unlisted → `other`. */
const ACTIONS = lookupTable<Action>({
  SearchExported: 'message_export',
  SearchExportDownloaded: 'message_export',
  ExportJob: 'message_export',
  SearchCreated: 'search',
  SearchStarted: 'search',
});

/** Operation names that mark a record as eDiscovery even when RecordType is absent. */
export const DISCOVERY_OPERATIONS = new Set([
  ...ACTIONS.keys(), 'SearchUpdated', 'SearchPreviewed', 'PreviewItemListed', 'PreviewItemRendered',
  'PreviewItemDownloaded', 'SearchReport', 'SearchResultsPurged', 'SearchResultsSentToZoom', 'ViewedSearchExported',
]);

const DiscoveryFieldsSchema = compiled('eDiscovery fields', z.object({
  ObjectId: optText,
  CaseId: optText,
  CaseName: optText,
  ExportName: optText,
  QueryId: optText,
  JobId: optText,
}));

export const normalizeDiscovery: FamilyNormalizer = (raw, base) => {
  const read = readFamilyFields(DiscoveryFieldsSchema, raw);
  if (!read.ok) return read.outcome;
  const f = read.data;
  const id = f.ObjectId?.trim() || f.JobId?.trim() || f.QueryId?.trim();
  const event = finishEvent(base, ACTIONS.get(base.vendorAction) ?? 'other', {
    object: id ? { type: 'search', id, name: f.ExportName } : undefined,
    details: { caseId: f.CaseId, caseName: f.CaseName },
  });
  return { ok: true, events: [event] };
};
