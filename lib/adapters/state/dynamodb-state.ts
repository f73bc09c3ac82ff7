import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { IdentityState, Profile, StateChanges, StateKeys, StatePort, StateSnapshot, TenantState } from '../../core/state.ts';
import { StateConflictError, emptyTenant } from '../../core/state.ts';
import type { IdentityLoader } from '../../pipeline/identity-loader.ts';
import { batchGetByPk } from './dynamodb-batch-get.ts';
import type { BatchGetOptions } from './dynamodb-batch-get.ts';
import { DynamoDbStoreError } from './dynamodb-errors.ts';
import { putVersioned, versionedItem } from './dynamodb-versioned-put.ts';
import type { VersionedPut } from './dynamodb-versioned-put.ts';
import { ItemTooLargeError, STATE_ITEM_BUDGET, itemBytes } from './item-size.ts';
import type { OversizeItem } from './item-size.ts';
import { StateItemCodecError, bodyText, contentDigest, decodeBody, encodeBody, parseBody } from './state-item-codec.ts';
import { DAY_MS, StateItemSchema, TENANT_PK, identityPk, isExpired, profilePk, ttlSeconds } from './table-keys.ts';

export interface DynamoDbStateOptions {
  table: string;
  doc: DynamoDBDocumentClient;
  /** Wall clock for read-time TTL checks (adapters may read it; the core may not). */
  now?: () => number;
  /** A profile not seen for this long ages out (default 365 days after its `lastSeen`). */
  profileTtlDays?: number;
  /** An identity without alerts, signals or chain steps for this long ages out (default 90 days). */
  identityTtlDays?: number;
  /** Conditional puts in flight at once (default 16). */
  writeConcurrency?: number;
  /** Largest item written (default STATE_ITEM_BUDGET); larger ones fail the save with ItemTooLargeError. */
  itemBudget?: number;
  batchGet?: BatchGetOptions;
}

/** What a save did: items written, and items left as they were because only their batch markers (or nothing) changed. */
export interface SaveCounts {
  written: number;
  unchanged: number;
}

/** An item as it was read: what `save` compares with to skip a write that would change nothing but markers. */
interface LoadedItem {
  version: number;
  digest: string;
  ttl: number | undefined;
}

/**
 * StatePort over the single DynamoDB table: one BatchGet round per load (≤ 100 keys per call), one conditional Put
 * per changed item on save. `version` in the items handed to `save` is the version that was loaded (0 = absent);
 * the stored item gets version + 1, or the write fails with StateConflictError when someone else wrote first.
 *
 * Save order makes a retry after a partial save lose nothing (P1-7): identities and the tenant are written first,
 * profiles last. A profile carries the batch marker that makes a retry skip its principal, so it lands only once
 * everything derived from that principal's signals did; a retry after any failure re-derives every signal whose
 * profile was not written (the core does not count a batch's signal or alert ref twice on an identity).
 * Every item is measured before anything is written: one over budget fails the save with ItemTooLargeError and
 * writes nothing, so the caller can save again without it.
 *
 * Items are stored compressed (state-item-codec.ts); items of the earlier plain-JSON layout (`data`) are read as
 * they are and rewritten compressed when next saved. An item whose content (all but its batch markers) is what was
 * read is not written: its markers only say that a batch was folded in, and folding that batch again changes
 * nothing either (folding is deterministic), so a retry that re-folds it cannot count anything twice; the batch
 * ledger records the batch as a whole. Such a profile's signals are re-derived on a retry like those of any profile
 * not written, which the core does not count twice on an identity.
 */
export class DynamoDbState implements StatePort, IdentityLoader {
  private readonly now: () => number;
  /** Items read since the last `load` (one batch's): pk → version, content digest, ttl. */
  private loaded = new Map<string, LoadedItem>();
  /** What the last `save` did (for metrics and the bench). */
  lastSave: SaveCounts = { written: 0, unchanged: 0 };

  constructor(private readonly opts: DynamoDbStateOptions) {
    this.now = opts.now ?? Date.now;
  }

  async load(keys: StateKeys): Promise<StateSnapshot> {
    const pks = [...keys.principals.map(profilePk), ...keys.identities.map(identityPk), TENANT_PK];
    const items = await batchGetByPk(this.opts.doc, this.opts.table, pks, this.opts.batchGet);
    const now = this.now();
    // A new batch: what earlier ones read is of no use to it (and must not accumulate in a warm Lambda).
    this.loaded = new Map();
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

  /** Identities only (the second load of a batch): no tenant item, which is the largest and already read. */
  async loadIdentities(keys: readonly string[]): Promise<Map<string, IdentityState>> {
    const items = await batchGetByPk(this.opts.doc, this.opts.table, keys.map(identityPk), this.opts.batchGet);
    const now = this.now();
    const identities = new Map<string, IdentityState>();
    for (const k of keys) {
      const v = this.decode(items.get(identityPk(k)), now);
      if (v) identities.set(k, v as unknown as IdentityState);
    }
    return identities;
  }

  async save(changes: StateChanges): Promise<void> {
    const counts: SaveCounts = { written: 0, unchanged: 0 };
    const changed = (puts: (VersionedPut | undefined)[]): VersionedPut[] => {
      const out = puts.filter((p): p is VersionedPut => p !== undefined);
      counts.unchanged += puts.length - out.length;
      return out;
    };
    const identities = changed(changes.identities.map((i) => this.pending(identityPk(i.key), i, this.identityTtl(i))));
    const tenant = changed(changes.tenant ? [this.pending(TENANT_PK, changes.tenant, undefined)] : []);
    const profiles = changed(changes.profiles.map((p) => this.pending(profilePk(p.key), p, this.profileTtl(p))));
    const budget = this.opts.itemBudget ?? STATE_ITEM_BUDGET;
    const oversize: OversizeItem[] = [];
    const measure = (kind: OversizeItem['kind'], puts: readonly VersionedPut[]): void => {
      for (const p of puts) {
        const bytes = itemBytes(versionedItem(p));
        if (bytes > budget) oversize.push({ kind, key: p.key, pk: p.pk, bytes });
      }
    };
    measure('identity', identities);
    measure('tenant', tenant);
    measure('profile', profiles);
    if (oversize.length > 0) throw new ItemTooLargeError(oversize, budget);
    counts.written = identities.length + tenant.length + profiles.length;
    this.lastSave = counts;
    await this.putAll([...identities, ...tenant]);
    await this.putAll(profiles);
  }

  /** Writes `puts` concurrently; every write settles before an error is reported (a lost race first). */
  private async putAll(puts: readonly VersionedPut[]): Promise<void> {
    const concurrency = Math.max(1, this.opts.writeConcurrency ?? 16);
    const errors: unknown[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < puts.length) {
        const put = puts[next++]!;
        try {
          await putVersioned(this.opts.doc, this.opts.table, put, this.now());
        } catch (err) {
          errors.push(err);
        }
      }
    };
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
    const { pk, version, ttl, b, data } = item.data;
    let json: Record<string, unknown>;
    try {
      if (b !== undefined) {
        const text = decodeBody(b, pk);
        json = parseBody(text, pk);
        this.loaded.set(pk, { version, digest: contentDigest(text), ttl });
      } else {
        // The earlier plain layout: no digest kept, so the next save rewrites it compressed.
        json = JSON.parse(data!) as Record<string, unknown>;
      }
    } catch (err) {
      if (err instanceof StateItemCodecError) throw new DynamoDbStoreError(err.message, { cause: err });
      throw new DynamoDbStoreError(`state item ${pk} holds invalid JSON`, { cause: err });
    }
    // All this adapter needs of the core's JSON is its key (the rest is the core's, kept as written): checked by
    // hand, as this runs for every item of every batch.
    if (typeof json.key !== 'string' || json.key === '') throw new DynamoDbStoreError(`state item ${pk} has no key`);
    json.version = version;
    return json;
  }

  /** The put for an item, or undefined when its content and ttl are those read at its version (nothing to write). */
  private pending(pk: string, item: { key: string; version: number }, ttl: number | undefined): VersionedPut | undefined {
    const text = bodyText(item);
    const was = this.loaded.get(pk);
    if (was && was.version === item.version && was.ttl === ttl && was.digest === contentDigest(text)) return undefined;
    return { pk, key: item.key, version: item.version, b: encodeBody(text), ...(ttl === undefined ? {} : { ttl }) };
  }

  private profileTtl(p: Profile): number | undefined {
    if (!Number.isFinite(p.lastSeen)) return undefined;
    return ttlSeconds(p.lastSeen + (this.opts.profileTtlDays ?? 365) * DAY_MS);
  }

  private identityTtl(i: IdentityState): number | undefined {
    // Chain steps (exfil-chain.ts) alone keep an identity too: an exporter with no signal must still age out.
    const times = [...i.alerts.map((a) => a.time), ...i.signals.map((s) => s.time), ...(i.chain ?? []).map((s) => s.time)];
    if (times.length === 0) return undefined;
    return ttlSeconds(Math.max(...times) + (this.opts.identityTtlDays ?? 90) * DAY_MS);
  }
}
