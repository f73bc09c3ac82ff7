import type { NormalizedEvent } from '../event.ts';
import type { PrincipalBatch } from '../principal-batch.ts';
import { MINUTE } from '../time.ts';

/**
 * Salesforce reports the same reads through two feeds: EventLogFile (hourly/daily files) and Real-Time Event
 * Monitoring. A query is an ELF `API`/`RestApi` row and an RTEM `ApiEvent`; a report run an ELF `Report` row and an
 * RTEM `ReportEvent`; a Bulk API result an ELF `BulkApi` row and an RTEM `BulkApiResultEventStore`. Each read is
 * counted once: per bucket, the larger of the two feeds' totals of each family.
 */
const FEEDS: Readonly<Record<string, string>> = {
  API: 'api:elf', RestApi: 'api:elf', ApiTotalUsage: 'api:elf', ApiEvent: 'api:rtem',
  Report: 'report:elf', AsyncReportRun: 'report:elf', ReportEvent: 'report:rtem',
  BulkApi: 'bulk:elf', BulkApi2: 'bulk:elf', BulkApiResultEventStore: 'bulk:rtem',
  ListViewEvent: 'listview:rtem',
};

/** The `family:feed` part a Salesforce row read counts under, or undefined (Dynamics, or a single-feed type). */
export const feedPart = (e: NormalizedEvent): string | undefined => (e.source === 'salesforce' ? FEEDS[e.vendorAction] : undefined);

/** An export of a report within this long after its run reads the same rows again. */
const EXPORT_AFTER_RUN_MS = 5 * MINUTE;

const lastRuns = new WeakMap<PrincipalBatch, Map<string, { time: number; rows: number }>>();

/**
 * Rows an event adds: a report export shortly after the same report's run by the same person only adds what the run
 * did not already read (the run and its export are one read of the data).
 */
export function newRows(e: NormalizedEvent, pb: PrincipalBatch): number {
  const rows = e.count ?? 0;
  const report = e.object?.type === 'report' ? e.object.id : undefined;
  if (!report) return rows;
  let runs = lastRuns.get(pb);
  if (!runs) {
    runs = new Map();
    lastRuns.set(pb, runs);
  }
  if (e.action === 'report_run') {
    runs.set(report, { time: e.time, rows });
    return rows;
  }
  const run = e.action === 'export' ? runs.get(report) : undefined;
  if (!run || e.time < run.time || e.time - run.time > EXPORT_AFTER_RUN_MS) return rows;
  runs.delete(report);
  return Math.max(0, rows - run.rows);
}
