import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Alert } from '../../core/alert.ts';
import { AlertSchema } from '../../core/alert.ts';
import type { AlertStore } from '../ports.ts';
import { DynamoDbStoreError, isConditionFailed } from '../state/dynamodb-errors.ts';
import { AlertItemSchema, DAY_MS, UNSENT_INDEX, UNSENT_PK, UNSENT_PK_VALUE, alertPk, ttlSeconds } from '../state/table-keys.ts';

export interface DynamoDbAlertStoreOptions {
  table: string;
  doc: DynamoDBDocumentClient;
  now?: () => number;
  /** How long alert records (and so their dedupe) are kept; default 90 days. */
  retentionDays?: number;
}

/**
 * Alert records in the state table (`alert#<id>`): the first record of an id wins (conditional put), so a
 * re-delivered batch publishes nothing new. Unsent alerts carry `unsentPk` and so appear in the sparse GSI
 * `unsent`, which is how they are found for a retry without scanning profiles.
 */
export class DynamoDbAlertStore implements AlertStore {
  private readonly now: () => number;

  constructor(private readonly opts: DynamoDbAlertStoreOptions) {
    this.now = opts.now ?? Date.now;
  }

  async record(alert: Alert): Promise<'new' | 'exists'> {
    const now = this.now();
    const pk = alertPk(alert.id);
    try {
      await this.opts.doc.send(new PutCommand({
        TableName: this.opts.table,
        Item: {
          pk,
          alert: JSON.stringify(alert),
          sent: false,
          recordedAt: now,
          ttl: ttlSeconds(now + (this.opts.retentionDays ?? 90) * DAY_MS),
          [UNSENT_PK]: UNSENT_PK_VALUE,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }));
      return 'new';
    } catch (err) {
      if (isConditionFailed(err)) return 'exists';
      throw new DynamoDbStoreError(`recording ${pk} failed`, { cause: err });
    }
  }

  async markSent(id: string): Promise<void> {
    const pk = alertPk(id);
    try {
      await this.opts.doc.send(new UpdateCommand({
        TableName: this.opts.table,
        Key: { pk },
        UpdateExpression: 'SET sent = :true, sentAt = :now REMOVE #unsent',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#unsent': UNSENT_PK },
        ExpressionAttributeValues: { ':true': true, ':now': this.now() },
      }));
    } catch (err) {
      throw new DynamoDbStoreError(`marking ${pk} sent failed${isConditionFailed(err) ? ': no such alert record' : ''}`, { cause: err });
    }
  }

  async unsent(limit = 50): Promise<Alert[]> {
    const alerts: Alert[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      let out;
      try {
        out = await this.opts.doc.send(new QueryCommand({
          TableName: this.opts.table,
          IndexName: UNSENT_INDEX,
          KeyConditionExpression: '#u = :u',
          ExpressionAttributeNames: { '#u': UNSENT_PK },
          ExpressionAttributeValues: { ':u': UNSENT_PK_VALUE },
          Limit: limit - alerts.length,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }));
      } catch (err) {
        throw new DynamoDbStoreError(`querying index ${UNSENT_INDEX} failed`, { cause: err });
      }
      for (const raw of out.Items ?? []) {
        const item = AlertItemSchema.safeParse(raw);
        if (!item.success) throw new DynamoDbStoreError(`alert item ${String(raw.pk)} is malformed: ${item.error.message}`);
        // The index is eventually consistent: an alert just marked sent may still be listed.
        if (item.data.sent) continue;
        alerts.push(parseAlert(item.data.pk, item.data.alert));
      }
      start = out.LastEvaluatedKey;
    } while (start && alerts.length < limit);
    return alerts;
  }
}

function parseAlert(pk: string, json: string): Alert {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    throw new DynamoDbStoreError(`alert item ${pk} holds invalid JSON`, { cause: err });
  }
  const alert = AlertSchema.safeParse(value);
  if (!alert.success) throw new DynamoDbStoreError(`alert item ${pk} is not a valid alert: ${alert.error.message}`);
  return alert.data;
}
