import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Alert } from '../../core/alert.ts';
import { AlertSchema } from '../../core/alert.ts';
import { DynamoDbStoreError, isConditionFailed } from '../state/dynamodb-errors.ts';
import { ALERT_ITEM_BUDGET, itemBytes } from '../state/item-size.ts';
import type { AlertItem } from '../state/table-keys.ts';
import { AlertItemSchema, DAY_MS, UNSENT_INDEX, UNSENT_PK, UNSENT_PK_VALUE, alertPk, ttlSeconds } from '../state/table-keys.ts';
import type { AlertArchive, AlertCopy } from './alert-archive.ts';
import type { AlertStore, ClaimResult, RecordOutcome, UnsentScan } from './alert-store.ts';
import { trimAlert } from './alert-trim.ts';

export interface DynamoDbAlertStoreOptions {
  table: string;
  doc: DynamoDBDocumentClient;
  now?: () => number;
  /** How long alert records (and so their dedupe) are kept; default 90 days. */
  retentionDays?: number;
  /** Where the full alert goes when its record must be trimmed to fit (S3 in the Lambda). */
  archive?: AlertArchive;
  /** Largest alert record (default ALERT_ITEM_BUDGET); larger alerts are stored trimmed. */
  itemBudget?: number;
  /** A claim older than this is taken to be of an invocation that died while publishing (default 15 min). */
  claimStaleMs?: number;
}

const PREFIX = 'alert#';
/** sending, sendingSince, attempts, lastError, parked, parkedReason at their largest. */
const CLAIM_ATTRIBUTES_BYTES = 8 * 1024;
const idOf = (pk: string): string => pk.slice(PREFIX.length);

/**
 * Alert records in the state table (`alert#<id>`): the first record of an id wins (conditional put), a higher
 * `update` number replaces it, anything else is a duplicate. Unsent alerts carry `unsentPk` and so appear in the
 * sparse GSI `unsent` (sorted by `recordedAt`), which is how they are found for a retry without scanning.
 * Publishing is claimed with a conditional update (`sending`, `sendingSince`), so concurrent invocations never
 * publish the same version twice; `attempts` counts claims and a parked alert leaves the index with its reason.
 */
export class DynamoDbAlertStore implements AlertStore {
  private readonly now: () => number;

  constructor(private readonly opts: DynamoDbAlertStoreOptions) {
    this.now = opts.now ?? Date.now;
  }

  async get(id: string): Promise<Alert | undefined> {
    const pk = alertPk(id);
    let out;
    try {
      out = await this.opts.doc.send(new GetCommand({ TableName: this.opts.table, Key: { pk }, ConsistentRead: true }));
    } catch (err) {
      throw new DynamoDbStoreError(`reading ${pk} failed`, { cause: err });
    }
    if (!out.Item) return undefined;
    return parseAlert(pk, AlertItemSchema.parse(out.Item).alert);
  }

  async record(alert: Alert): Promise<RecordOutcome> {
    const now = this.now();
    const pk = alertPk(alert.id);
    const update = alert.update ?? 0;
    const body = await this.body(alert, pk, now);
    try {
      await this.opts.doc.send(new PutCommand({
        TableName: this.opts.table,
        Item: { pk, ...body, update, sent: false, recordedAt: now, ttl: this.ttl(now), [UNSENT_PK]: UNSENT_PK_VALUE },
        ConditionExpression: 'attribute_not_exists(pk)',
      }));
      return 'fresh';
    } catch (err) {
      if (!isConditionFailed(err)) throw new DynamoDbStoreError(`recording ${pk} failed`, { cause: err });
    }
    if (update === 0) return 'duplicate';
    // A later version of an alert already recorded: it replaces the record and is sent again (a claim on the older
    // version is dropped, so its holder's markSent fails and this version stays unsent until published).
    try {
      await this.opts.doc.send(new UpdateCommand({
        TableName: this.opts.table,
        Key: { pk },
        UpdateExpression: 'SET alert = :alert, #update = :n, sent = :false, recordedAt = :now, #ttl = :ttl, #u = :u, attempts = :zero'
          + `${body.trimmed ? ', trimmed = :true' : ''}${body.archiveKey ? ', archiveKey = :key' : ''}`
          + ` REMOVE sending, sendingSince, parked, parkedReason, lastError, sentAt${body.trimmed ? '' : ', trimmed'}${body.archiveKey ? '' : ', archiveKey'}`,
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#update) OR #update < :n)',
        ExpressionAttributeNames: { '#update': 'update', '#ttl': 'ttl', '#u': UNSENT_PK },
        ExpressionAttributeValues: {
          ':alert': body.alert, ':n': update, ':false': false, ':now': now, ':ttl': this.ttl(now), ':u': UNSENT_PK_VALUE, ':zero': 0,
          ...(body.trimmed ? { ':true': true } : {}), ...(body.archiveKey ? { ':key': body.archiveKey } : {}),
        },
      }));
      return 'update';
    } catch (err) {
      if (isConditionFailed(err)) return 'duplicate';
      throw new DynamoDbStoreError(`recording update ${update} of ${pk} failed`, { cause: err });
    }
  }

  async claim(id: string, owner: string): Promise<ClaimResult> {
    const pk = alertPk(id);
    const now = this.now();
    let out;
    try {
      out = await this.opts.doc.send(new UpdateCommand({
        TableName: this.opts.table,
        Key: { pk },
        UpdateExpression: 'SET sending = :me, sendingSince = :now, attempts = if_not_exists(attempts, :zero) + :one',
        ConditionExpression: 'sent = :false AND attribute_not_exists(parked) AND (attribute_not_exists(sending) OR sendingSince < :stale)',
        ExpressionAttributeValues: { ':me': owner, ':now': now, ':zero': 0, ':one': 1, ':false': false, ':stale': now - (this.opts.claimStaleMs ?? 15 * 60_000) },
        ReturnValues: 'ALL_NEW',
      }));
    } catch (err) {
      if (!isConditionFailed(err)) throw new DynamoDbStoreError(`claiming ${pk} failed`, { cause: err });
      return { refused: await this.whyNot(pk) };
    }
    const item = AlertItemSchema.parse(out.Attributes);
    return {
      claimed: {
        alert: parseAlert(pk, item.alert),
        update: item.update ?? 0,
        trimmed: item.trimmed === true,
        ...(item.archiveKey ? { archiveKey: item.archiveKey } : {}),
        attempts: item.attempts ?? 1,
      },
    };
  }

  async markSent(id: string, owner: string, update: number): Promise<boolean> {
    const pk = alertPk(id);
    try {
      await this.opts.doc.send(new UpdateCommand({
        TableName: this.opts.table,
        Key: { pk },
        UpdateExpression: 'SET sent = :true, sentAt = :now REMOVE #u, sending, sendingSince',
        ConditionExpression: 'sending = :me AND (#update = :n OR (attribute_not_exists(#update) AND :n = :zero))',
        ExpressionAttributeNames: { '#u': UNSENT_PK, '#update': 'update' },
        ExpressionAttributeValues: { ':true': true, ':now': this.now(), ':me': owner, ':n': update, ':zero': 0 },
      }));
      return true;
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw new DynamoDbStoreError(`marking ${pk} sent failed`, { cause: err });
    }
  }

  async release(id: string, owner: string, reason: string, park: boolean): Promise<void> {
    const pk = alertPk(id);
    const input: UpdateCommandInput = park
      ? {
        TableName: this.opts.table, Key: { pk },
        UpdateExpression: 'SET parked = :true, parkedReason = :r, lastError = :r REMOVE #u, sending, sendingSince',
        ConditionExpression: 'sending = :me',
        ExpressionAttributeNames: { '#u': UNSENT_PK },
        ExpressionAttributeValues: { ':true': true, ':r': reason.slice(0, 1000), ':me': owner },
      }
      : {
        TableName: this.opts.table, Key: { pk },
        UpdateExpression: 'SET lastError = :r REMOVE sending, sendingSince',
        ConditionExpression: 'sending = :me',
        ExpressionAttributeValues: { ':r': reason.slice(0, 1000), ':me': owner },
      };
    try {
      await this.opts.doc.send(new UpdateCommand(input));
    } catch (err) {
      // The claim went stale and someone else holds it now: theirs to settle.
      if (isConditionFailed(err)) return;
      throw new DynamoDbStoreError(`releasing ${pk} failed`, { cause: err });
    }
  }

  async unsent(limit = 50): Promise<UnsentScan> {
    const scan: UnsentScan = { entries: [], malformed: [] };
    const stale = this.now() - (this.opts.claimStaleMs ?? 15 * 60_000);
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
          ScanIndexForward: true, // oldest first
          Limit: limit - scan.entries.length,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }));
      } catch (err) {
        throw new DynamoDbStoreError(`querying index ${UNSENT_INDEX} failed`, { cause: err });
      }
      for (const raw of out.Items ?? []) {
        const problem = malformed(raw);
        if (problem) {
          const id = idOf(String(raw.pk));
          await this.parkMalformed(String(raw.pk), problem);
          scan.malformed.push({ id, reason: problem });
          continue;
        }
        const item = raw as AlertItem;
        // The index is eventually consistent: an alert just marked sent may still be listed.
        if (item.sent) continue;
        scan.oldestRecordedAt ??= item.recordedAt;
        if (item.sending !== undefined && (item.sendingSince ?? 0) >= stale) continue; // being sent right now
        scan.entries.push({ id: idOf(item.pk), recordedAt: item.recordedAt });
      }
      start = out.LastEvaluatedKey;
    } while (start && scan.entries.length < limit);
    return scan;
  }

  private ttl(now: number): number {
    return ttlSeconds(now + (this.opts.retentionDays ?? 90) * DAY_MS);
  }

  /** The alert as stored: whole when its record fits the budget, else trimmed, with the full one put in S3 first. */
  private async body(alert: Alert, pk: string, now: number): Promise<{ alert: string; trimmed?: true; archiveKey?: string }> {
    const json = JSON.stringify(alert);
    const budget = this.opts.itemBudget ?? ALERT_ITEM_BUDGET;
    const probe = { pk, alert: json, update: alert.update ?? 0, sent: false, recordedAt: now, ttl: this.ttl(now), [UNSENT_PK]: UNSENT_PK_VALUE };
    // Room for the claim and retry attributes added later (reasons are cut to 1,000 characters).
    if (itemBytes(probe) + CLAIM_ATTRIBUTES_BYTES <= budget) return { alert: json };
    let copy: AlertCopy | undefined;
    if (this.opts.archive) copy = await this.opts.archive.put(alert);
    return { alert: JSON.stringify(trimAlert(alert, copy)), trimmed: true, ...(copy ? { archiveKey: copy.key } : {}) };
  }

  private async whyNot(pk: string): Promise<'sent' | 'busy' | 'parked' | 'missing'> {
    let out;
    try {
      out = await this.opts.doc.send(new GetCommand({ TableName: this.opts.table, Key: { pk }, ConsistentRead: true }));
    } catch (err) {
      throw new DynamoDbStoreError(`reading ${pk} failed`, { cause: err });
    }
    if (!out.Item) return 'missing';
    if (out.Item.sent === true) return 'sent';
    if (out.Item.parked === true) return 'parked';
    return 'busy';
  }

  private async parkMalformed(pk: string, reason: string): Promise<void> {
    try {
      await this.opts.doc.send(new UpdateCommand({
        TableName: this.opts.table,
        Key: { pk },
        UpdateExpression: 'SET parked = :true, parkedReason = :r REMOVE #u',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#u': UNSENT_PK },
        ExpressionAttributeValues: { ':true': true, ':r': `malformed: ${reason}`.slice(0, 1000) },
      }));
    } catch (err) {
      if (isConditionFailed(err)) return; // gone already (TTL)
      throw new DynamoDbStoreError(`parking malformed ${pk} failed`, { cause: err });
    }
  }
}

/** Why an unsent record cannot be published (undefined when it can): its shape, its JSON, or the alert in it. */
function malformed(raw: Record<string, unknown>): string | undefined {
  const item = AlertItemSchema.safeParse(raw);
  if (!item.success) return `record: ${item.error.issues[0]?.path.join('.')} ${item.error.issues[0]?.message}`;
  try {
    parseAlert(item.data.pk, item.data.alert);
    return undefined;
  } catch (err) {
    return (err as Error).message;
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
