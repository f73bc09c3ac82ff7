import { ElfBaseSchema, elfFamily } from './elf-common.ts';
import { sfCount, sfText, splitList } from './field-schemas.ts';
import { sfIdOrRaw } from './sf-id.ts';

const isQuery = (op: string | undefined): boolean => op !== undefined && /^query(all)?$/i.test(op);

/** ELF `BulkApi` (v1): query batches are bulk exports of `ROWS_PROCESSED` rows of `ENTITY_TYPE`. */
export const elfBulkApi = elfFamily(
  ElfBaseSchema.extend({
    JOB_ID: sfText, BATCH_ID: sfText, ENTITY_TYPE: sfText, OPERATION_TYPE: sfText,
    ROWS_PROCESSED: sfCount, NUMBER_FAILURES: sfCount, SUCCESS: sfText,
  }),
  (row, eventType) => {
    const query = isQuery(row.OPERATION_TYPE);
    return {
      action: query ? 'bulk_export' : 'other',
      vendorAction: eventType,
      outcome: row.SUCCESS === undefined ? undefined : /^(1|true)$/i.test(row.SUCCESS) ? 'success' : 'failure',
      object: { type: 'bulk_job', id: sfIdOrRaw(row.JOB_ID) },
      entities: splitList(row.ENTITY_TYPE),
      count: query ? row.ROWS_PROCESSED : undefined,
      details: {
        operation: row.OPERATION_TYPE, batchId: sfIdOrRaw(row.BATCH_ID), failures: row.NUMBER_FAILURES,
        rows: query ? undefined : row.ROWS_PROCESSED, apiType: 'Bulk',
      },
    };
  },
);

/**
 * ELF `BulkApi2`: one row per job state change (created … complete), so rows are counted only on the row that
 * reports the job complete (or carries no state). The row-count column name is not verified
 * (api-contracts.md §1.5): the first present of ROWS_PROCESSED / NUMBER_RECORDS_PROCESSED / RECORDS_PROCESSED.
 */
export const elfBulkApi2 = elfFamily(
  ElfBaseSchema.extend({
    JOB_ID: sfText, ENTITY_TYPE: sfText, OPERATION_TYPE: sfText, JOB_STATUS: sfText,
    ROWS_PROCESSED: sfCount, NUMBER_RECORDS_PROCESSED: sfCount, RECORDS_PROCESSED: sfCount, NUMBER_RECORDS_FAILED: sfCount,
  }),
  (row, eventType) => {
    const query = isQuery(row.OPERATION_TYPE);
    const rows = row.ROWS_PROCESSED ?? row.NUMBER_RECORDS_PROCESSED ?? row.RECORDS_PROCESSED;
    const final = row.JOB_STATUS === undefined || (/complete$/i.test(row.JOB_STATUS) && !/upload/i.test(row.JOB_STATUS));
    const failed = row.JOB_STATUS !== undefined && /^(failed|aborted?)$/i.test(row.JOB_STATUS);
    return {
      action: query ? 'bulk_export' : 'other',
      vendorAction: eventType,
      outcome: failed ? 'failure' : undefined,
      object: { type: 'bulk_job', id: sfIdOrRaw(row.JOB_ID) },
      entities: splitList(row.ENTITY_TYPE),
      count: query && final ? rows : undefined,
      details: {
        operation: row.OPERATION_TYPE, jobStatus: row.JOB_STATUS, failures: row.NUMBER_RECORDS_FAILED,
        rows: query && final ? undefined : rows, apiType: 'Bulk2',
      },
    };
  },
);
