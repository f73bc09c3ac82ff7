import { rtemFamily, RtemBaseSchema, soqlEntity } from './rtem-common.ts';
import { sfText } from './field-schemas.ts';
import { sfIdOrRaw } from './sf-id.ts';

/** RTEM `BulkApiResultEventStore`: someone downloaded the result file of a Bulk API job. */
export const rtemBulkApiResult = rtemFamily(
  RtemBaseSchema.extend({ JobId: sfText, BatchId: sfText, Query: sfText }),
  (row, object) => {
    const entity = soqlEntity(row.Query);
    return {
      action: 'bulk_result_download',
      vendorAction: object,
      object: { type: 'bulk_job', id: sfIdOrRaw(row.JobId) },
      entities: entity ? [entity] : undefined,
      details: { batchId: sfIdOrRaw(row.BatchId) },
    };
  },
);
