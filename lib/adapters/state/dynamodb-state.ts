import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient, PutCommandInput } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { IdentityState, Profile, StateChanges, StateKeys, StatePort, StateSnapshot, TenantState } from '../../core/state.ts';
import { StateConflictError, emptyTenant } from '../../core/state.ts';
import { batchGetByPk } from './dynamodb-batch-get.ts';
import type { BatchGetOptions } from './dynamodb-batch-get.ts';
import { DynamoDbStoreError, isConditionFailed } from './dynamodb-errors.ts';
import { DAY_MS, StateItemSchema, TENANT_PK, identityPk, isExpired, profilePk, ttlSeconds } from './table-keys.ts';

export interface DynamoDbStateOptions {
  table: string;
  doc: DynamoDBDocumentClient;
  /** Wall clock for read-time TTL checks (adapters may read it; the core may not). */
  now?: () => number;
  /** A profile not seen for this long ages out (default 365 days after its `lastSeen`). */
  profileTtlDays?: number;
  /** An identity without alerts or signals for this long ages out (default 90 days). */
  identityTtlDays?: number;
  /** Conditional puts in flight at once (default 16). */
  writeConcurrency?: number;
  batchGet?: BatchGetOptions;
}

/** What this adapter needs of the core's JSON: the key and version; the rest is the core's and kept as written. */
const KeyedJson = z.object({ key: z.string().min(1) }).loose();

interface PendingPut {
  pk: string;
  key: string;
  version: number;
  data: string;
  ttl?: number;
}

/**
 * StatePort over the single DynamoDB table: one BatchGet round per load (≤ 100 keys per call), one conditional Put
 * per changed item on save. `version` in the items handed to `save` is the version that was loaded (0 = absent);
 * the stored item gets version + 1, or the write fails with StateConflictError when someone else wrote first.
 */
export class DynamoDbState implements StatePort {
  private readonly now: () => number;

  constructor(private readonly opts: DynamoDbStateOptions) {
    this.now = opts.now ?? Date.now;
  }

  async load(keys: StateKeys): Promise<StateSnapshot> {
    const pks = [...keys.principals.map(profilePk), ...keys.identities.map(identityPk), TENANT_PK];
    const items = await batchGetByPk(this.opts.doc, this.opts.table, pks, this.opts.batchGet);
    const now = this.now();
    const profiles = new Map<string, Profile>();
    for (const k of keys.principals) {
      const v = this.decode(items.get(profilePk(k)), now);
      if (v) profiles.set(k, v as unknown as Profile);
    }
    const identities = new Map<string, IdentityState>();
    for (const k of keys.identities) {
      const v = this.decode(items.get(identityPk(k)), now);
      if (v) identities.set(k, v as unknown as IdentityState);
    }
    const tenant = this.decode(items.get(TENANT_PK), now);
    return { profiles, identities, tenant: tenant ? (tenant as unknown as TenantState) : emptyTenant() };
  }

  async save(changes: StateChanges): Promise<void> {
    const puts: PendingPut[] = [
      ...changes.profiles.map((p) => this.pending(profilePk(p.key), p, this.profileTtl(p))),
      ...changes.identities.map((i) => this.pending(identityPk(i.key), i, this.identityTtl(i))),
      ...(changes.tenant ? [this.pending(TENANT_PK, changes.tenant, undefined)] : []),
    ];
    const concurrency = Math.max(1, this.opts.writeConcurrency ?? 16);
    const errors: unknown[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < puts.length) {
        const put = puts[next++]!;
        try {
          await this.put(put);
        } catch (err) {
          errors.push(err);
        }
      }
    };
    // Every write settles before we report: none is left in flight behind a thrown error.
    await Promise.all(Array.from({ length: Math.min(concurrency, puts.length) }, worker));
    const conflict = errors.find((e) => e instanceof StateConflictError);
    if (conflict) throw conflict;
    if (errors.length > 0) throw errors[0];
  }

  private decode(raw: Record<string, unknown> | undefined, now: number): Record<string, unknown> | undefined {
    if (!raw) return undefined;
    const item = StateItemSchema.safeParse(raw);
    if (!item.success) throw new DynamoDbStoreError(`state item ${String(raw.pk)} is malformed: ${item.error.message}`);
    if (isExpired(item.data, now)) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(item.data.data);
    } catch (err) {
      throw new DynamoDbStoreError(`state item ${item.data.pk} holds invalid JSON`, { cause: err });
    }
    const body = KeyedJson.safeParse(json);
    if (!body.success) throw new DynamoDbStoreError(`state item ${item.data.pk} has no key: ${body.error.message}`);
    return { ...body.data, version: item.data.version };
  }

  private pending(pk: string, item: { key: string; version: number }, ttl: number | undefined): PendingPut {
    const { version, ...rest } = item;
    return { pk, key: item.key, version, data: JSON.stringify(rest), ...(ttl === undefined ? {} : { ttl }) };
  }

  private async put(p: PendingPut): Promise<void> {
    const nowSec = ttlSeconds(this.now());
    // A new item may replace one DynamoDB has not yet deleted although its TTL passed (it read as absent).
    const cond: Pick<PutCommandInput, 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'> = p.version === 0
      ? { ConditionExpression: 'attribute_not_exists(pk) OR #ttl <= :now', ExpressionAttributeNames: { '#ttl': 'ttl' }, ExpressionAttributeValues: { ':now': nowSec } }
      : { ConditionExpression: '#v = :v', ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':v': p.version } };
    const Item: Record<string, unknown> = { pk: p.pk, version: p.version + 1, data: p.data };
    if (p.ttl !== undefined) Item.ttl = p.ttl;
    try {
      await this.opts.doc.send(new PutCommand({ TableName: this.opts.table, Item, ...cond }));
    } catch (err) {
      if (isConditionFailed(err)) throw new StateConflictError(p.key, { cause: err });
      throw new DynamoDbStoreError(`writing state item ${p.pk} (${p.data.length} bytes of JSON) failed`, { cause: err });
    }
  }

  private profileTtl(p: Profile): number | undefined {
    if (!Number.isFinite(p.lastSeen)) return undefined;
    return ttlSeconds(p.lastSeen + (this.opts.profileTtlDays ?? 365) * DAY_MS);
  }

  private identityTtl(i: IdentityState): number | undefined {
    const times = [...i.alerts.map((a) => a.time), ...i.signals.map((s) => s.time)];
    if (times.length === 0) return undefined;
    return ttlSeconds(Math.max(...times) + (this.opts.identityTtlDays ?? 90) * DAY_MS);
  }
}
