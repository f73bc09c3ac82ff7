import { rtemFamily, RtemBaseSchema } from './rtem-common.ts';
import { sfCount, sfNumber, sfText, splitList } from './field-schemas.ts';
import { sfIdOrRaw } from './sf-id.ts';

/**
 * Large ReportEvent/ListViewEvent results are chunked into several events that repeat most fields
 * (RowsProcessed included) and number the chunks with `Sequence` from 1: only the first chunk carries the count,
 * so summing rows per user does not multiply one run by its chunk count.
 */
export function firstChunk(sequence: number | undefined): boolean {
  return sequence === undefined || sequence <= 1;
}

/** RTEM `ReportEvent`: a run, or an export when `ExportFileFormat`/`Operation` says so. */
export const rtemReportEvent = rtemFamily(
  RtemBaseSchema.extend({
    ReportId: sfText, Name: sfText, ReportName: sfText, RowsProcessed: sfCount, QueriedEntities: sfText,
    ExportFileFormat: sfText, Operation: sfText, EventSource: sfText, ExecutionIdentifier: sfText, Sequence: sfNumber,
    DashboardId: sfText,
  }),
  (row, object) => {
    const exported = row.ExportFileFormat !== undefined || (row.Operation !== undefined && /export/i.test(row.Operation));
    return {
      action: exported ? 'export' : 'report_run',
      vendorAction: object,
      count: firstChunk(row.Sequence) ? row.RowsProcessed : undefined,
      entities: splitList(row.QueriedEntities),
      object: { type: 'report', id: sfIdOrRaw(row.ReportId), name: row.Name ?? row.ReportName },
      details: {
        format: row.ExportFileFormat, operation: row.Operation, eventSource: row.EventSource,
        executionId: row.ExecutionIdentifier, chunk: row.Sequence, dashboardId: sfIdOrRaw(row.DashboardId),
      },
    };
  },
);

/** RTEM `ListViewEvent`: a list view opened (or exported) with the rows it returned. */
export const rtemListViewEvent = rtemFamily(
  RtemBaseSchema.extend({
    ListViewId: sfText, Name: sfText, DeveloperName: sfText, RowsProcessed: sfCount, QueriedEntities: sfText,
    EventSource: sfText, ExecutionIdentifier: sfText, Sequence: sfNumber, AppName: sfText,
  }),
  (row, object) => ({
    action: 'list_view',
    vendorAction: object,
    count: firstChunk(row.Sequence) ? row.RowsProcessed : undefined,
    entities: splitList(row.QueriedEntities),
    object: { type: 'list_view', id: sfIdOrRaw(row.ListViewId), name: row.Name ?? row.DeveloperName },
    details: { eventSource: row.EventSource, executionId: row.ExecutionIdentifier, chunk: row.Sequence, app: row.AppName },
  }),
);
