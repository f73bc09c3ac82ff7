import { rtemFamily, RtemBaseSchema } from './rtem-common.ts';
import { cleanUserAgent, sfCount, sfText, splitList } from './field-schemas.ts';
import { sfIdOrRaw } from './sf-id.ts';

/** RTEM `ApiEvent`: read-only API calls (query, queryMore, count) with `RowsProcessed` and `QueriedEntities`. */
export const rtemApiEvent = rtemFamily(
  RtemBaseSchema.extend({
    ApiType: sfText, Operation: sfText, QueriedEntities: sfText, RowsProcessed: sfCount, Client: sfText,
    Application: sfText, ConnectedAppId: sfText,
  }),
  (row, object) => ({
    action: 'record_query',
    vendorAction: object,
    count: row.RowsProcessed,
    entities: splitList(row.QueriedEntities),
    ua: cleanUserAgent(row.UserAgent) ?? cleanUserAgent(row.Client),
    details: {
      client: row.Client ?? row.Application,
      apiType: row.ApiType,
      operation: row.Operation,
      connectedAppId: sfIdOrRaw(row.ConnectedAppId),
    },
  }),
);
