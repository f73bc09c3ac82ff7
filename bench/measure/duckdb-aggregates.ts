import { join } from 'node:path';
import { z } from 'zod';
import { BenchError } from '../bench-error.ts';

/**
 * Only the record fields the aggregates need, as an analyst would declare them for Athena: DuckDB then parses
 * just these keys of each line.
 */
const COLUMNS = `{source: 'VARCHAR', stream: 'VARCHAR', record: 'STRUCT(
  USER_ID_DERIVED VARCHAR, TIMESTAMP_DERIVED VARCHAR, ROW_COUNT VARCHAR, ROWS_PROCESSED VARCHAR,
  UserId VARCHAR, EventDate VARCHAR, RowsProcessed BIGINT,
  CreationTime VARCHAR, Operation VARCHAR, ObjectId VARCHAR,
  date_create BIGINT, "action" VARCHAR, actor STRUCT("user" STRUCT(id VARCHAR)), entity STRUCT(file STRUCT(id VARCHAR)))'}`;

/**
 * Per principal and hour: rows exported from the CRM (ELF Report ROW_COUNT, ELF API/RestApi ROWS_PROCESSED, RTEM
 * ApiEvent RowsProcessed) and distinct files downloaded (SharePoint FileDownloaded, Slack file_downloaded): the
 * volumes behind crm.export-volume and the file-download detectors.
 */
// hive_partitioning off: the batch keys' `stream=elf~API` folder would otherwise replace the records' `stream` field.
function aggregateSql(files: string[]): string {
  const list = files.map((f) => `'${f.replaceAll("'", "''")}'`).join(', ');
  return `
CREATE OR REPLACE TEMP TABLE principal_hours AS
WITH e AS (
  SELECT
    source,
    CASE source
      WHEN 'salesforce' THEN coalesce(record.USER_ID_DERIVED, record.UserId)
      WHEN 'm365' THEN lower(record.UserId)
      ELSE record.actor.user.id END AS principal,
    CASE
      WHEN source = 'salesforce' AND stream LIKE 'elf:%' THEN epoch(CAST(record.TIMESTAMP_DERIVED AS TIMESTAMPTZ))
      WHEN source = 'salesforce' THEN epoch(CAST(record.EventDate AS TIMESTAMPTZ))
      WHEN source = 'm365' THEN epoch(CAST(record.CreationTime || 'Z' AS TIMESTAMPTZ))
      ELSE record.date_create END AS t,
    CASE
      WHEN stream = 'elf:Report' THEN TRY_CAST(record.ROW_COUNT AS BIGINT)
      WHEN stream IN ('elf:API', 'elf:RestApi') THEN TRY_CAST(record.ROWS_PROCESSED AS BIGINT)
      WHEN stream = 'rtem:ApiEvent' THEN record.RowsProcessed
      END AS rows_exported,
    CASE
      WHEN source = 'm365' AND record.Operation = 'FileDownloaded' THEN record.ObjectId
      WHEN source = 'slack' AND record."action" = 'file_downloaded' THEN record.entity.file.id
      END AS file_downloaded
  FROM read_ndjson([${list}], columns = ${COLUMNS}, compression = 'gzip', hive_partitioning = false)
)
SELECT source, principal, CAST(floor(t / 3600) AS BIGINT) AS hour,
  count(*) AS events, sum(rows_exported) AS rows_exported, count(DISTINCT file_downloaded) AS files_downloaded
FROM e GROUP BY ALL`;
}

const SummarySchema = z.object({
  principal_hours: z.coerce.number(),
  principals: z.coerce.number(),
  events: z.coerce.number(),
  rows_exported: z.coerce.number(),
  files_downloaded: z.coerce.number(),
  unattributed: z.coerce.number(),
});

export interface DuckDbResult {
  threads: number;
  seconds: number;
  events: number;
  principalHours: number;
  principals: number;
  rowsExported: number;
  filesDownloaded: number;
}

/** The part of @duckdb/node-api the bench uses (typed here: the package is installed on demand, see below). */
interface DuckDbApi {
  DuckDBInstance: {
    create(path: string, options: Record<string, string>): Promise<{
      connect(): Promise<{
        run(sql: string): Promise<unknown>;
        runAndReadAll(sql: string): Promise<{ getRowObjectsJson(): unknown[] }>;
        closeSync(): void;
      }>;
      closeSync(): void;
    }>;
  };
}

// Installed by bench/ensure-duckdb.mjs before the bench runs: its native bindings for other platforms are not on
// this registry, so it cannot be in package.json without breaking `npm ci`. A computed specifier keeps tsc from
// requiring it for the typecheck.
const DUCKDB = '@duckdb/node-api';

/** (c) The same files through DuckDB SQL (read_ndjson over gzip), with `threads` worker threads. */
export async function measureDuckDb(root: string, keys: readonly string[], threads: number): Promise<DuckDbResult> {
  const { DuckDBInstance } = (await import(DUCKDB)) as DuckDbApi;
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const con = await instance.connect();
  try {
    const t0 = performance.now();
    await con.run(aggregateSql(keys.map((k) => join(root, k))));
    const seconds = (performance.now() - t0) / 1000;
    const reader = await con.runAndReadAll(`SELECT count(*) AS principal_hours, count(DISTINCT source || ':' || principal) AS principals,
      sum(events) AS events, coalesce(sum(events) FILTER (WHERE hour IS NULL OR principal IS NULL), 0) AS unattributed, coalesce(sum(rows_exported), 0) AS rows_exported, sum(files_downloaded) AS files_downloaded FROM principal_hours`);
    const s = SummarySchema.parse(reader.getRowObjectsJson()[0]);
    // A record without principal or hour means the SQL misreads a record shape: its figures would be wrong.
    if (s.unattributed > 0) throw new BenchError(`duckdb: ${s.unattributed} records without principal or hour`);
    return {
      threads, seconds, events: s.events, principalHours: s.principal_hours, principals: s.principals,
      rowsExported: s.rows_exported, filesDownloaded: s.files_downloaded,
    };
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}
