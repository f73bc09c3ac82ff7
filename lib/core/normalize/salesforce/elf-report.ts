import { ElfBaseSchema, elfFamily, idFromUriPath } from './elf-common.ts';
import { cleanUserAgent, sfCount, sfText } from './field-schemas.ts';
import { sfIdOrRaw } from './sf-id.ts';

/** ELF `Report` and `AsyncReportRun`: the row count is `ROW_COUNT` (not ROWS_PROCESSED). */
export const elfReport = elfFamily(
  ElfBaseSchema.extend({
    REPORT_ID: sfText, REPORT_ID_DERIVED: sfText, ROW_COUNT: sfCount, ENTITY_NAME: sfText,
    ORIGIN: sfText, DISPLAY_TYPE: sfText, NUMBER_COLUMNS: sfCount, DASHBOARD_ID: sfText,
  }),
  (row, eventType) => ({
    // An ORIGIN naming an export (e.g. a report exported from Lightning) is an export that still has its row count.
    action: row.ORIGIN && /export/i.test(row.ORIGIN) ? 'export' : 'report_run',
    vendorAction: eventType,
    count: row.ROW_COUNT,
    entities: row.ENTITY_NAME ? [row.ENTITY_NAME] : undefined,
    object: { type: 'report', id: sfIdOrRaw(row.REPORT_ID_DERIVED ?? row.REPORT_ID) },
    details: { origin: row.ORIGIN, displayType: row.DISPLAY_TYPE, columns: row.NUMBER_COLUMNS, dashboardId: sfIdOrRaw(row.DASHBOARD_ID) },
  }),
);

/** `xf=csv` (export format) inside ReportExport's `REPORT_DESCRIPTION` query string. */
function exportFormat(description: string | undefined): string | undefined {
  const m = description ? /(?:^|[?&])xf=([a-zA-Z0-9]+)/.exec(description) : null;
  return m?.[1]?.toLowerCase();
}

/** ELF `ReportExport`: no row count in this type; the report id is the `URI` path. */
export const elfReportExport = elfFamily(
  ElfBaseSchema.extend({ CLIENT_INFO: sfText, REPORT_DESCRIPTION: sfText }),
  (row, eventType) => ({
    action: 'export',
    vendorAction: eventType,
    object: { type: 'report', id: sfIdOrRaw(row.URI_ID_DERIVED ?? idFromUriPath(row.URI)) },
    ua: cleanUserAgent(row.CLIENT_INFO),
    details: { format: exportFormat(row.REPORT_DESCRIPTION) },
  }),
);
