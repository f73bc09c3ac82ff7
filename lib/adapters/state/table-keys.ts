import { z } from 'zod';

/**
 * The single state table's item layout (shared with lib/infra/state-table.ts): partition key `pk` (S), no sort
 * key, TTL attribute `ttl` (epoch seconds). Every item that can race carries `version` for conditional writes.
 */
export const PK = 'pk';
export const TTL = 'ttl';

export const profilePk = (principalKey: string): string => `profile#${principalKey}`;
export const identityPk = (identityKey: string): string => `identity#${identityKey}`;
export const TENANT_PK = 'tenant';
export const checkpointPk = (source: string): string => `checkpoint#${source}`;
export const leasePk = (source: string): string => `lease#${source}`;
export const alertPk = (alertId: string): string => `alert#${alertId}`;

/** Sparse GSI over alerts not yet published: only unsent alert items carry `unsentPk`. */
export const UNSENT_INDEX = 'unsent';
export const UNSENT_PK = 'unsentPk';
export const UNSENT_PK_VALUE = 'unsent';

/** Profile, identity and tenant items: the core's JSON in `data`, plus `version` (and `ttl` where items age out). */
export const StateItemSchema = z.object({
  pk: z.string(),
  version: z.number().int().nonnegative(),
  data: z.string(),
  ttl: z.number().optional(),
});
export type StateItem = z.infer<typeof StateItemSchema>;

/** Collector checkpoint: the cursor JSON in `data`. */
export const CheckpointItemSchema = z.object({
  pk: z.string(),
  version: z.number().int().positive(),
  data: z.string(),
});

/** Run lease: who holds it and until when (ms); `ttl` lets DynamoDB delete abandoned leases. */
export const LeaseItemSchema = z.object({
  pk: z.string(),
  owner: z.string(),
  expiresAt: z.number(),
  ttl: z.number(),
});

/** Alert record: the alert JSON, whether it was published, and `unsentPk` while it was not. */
export const AlertItemSchema = z.object({
  pk: z.string(),
  alert: z.string(),
  sent: z.boolean(),
  recordedAt: z.number(),
  sentAt: z.number().optional(),
  ttl: z.number(),
  unsentPk: z.string().optional(),
});

/** Epoch seconds for the `ttl` attribute. */
export const ttlSeconds = (epochMs: number): number => Math.floor(epochMs / 1000);

/** DynamoDB deletes expired items lazily (up to days later): an item whose `ttl` has passed reads as absent. */
export const isExpired = (item: { ttl?: number | undefined }, nowMs: number): boolean =>
  item.ttl !== undefined && item.ttl * 1000 <= nowMs;

export const DAY_MS = 86_400_000;
