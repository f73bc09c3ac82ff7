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
/** A processed batch (lib/pipeline/batch-ledger.ts), kept with a TTL. */
export const batchPk = (ledgerId: string): string => `batch#${ledgerId}`;
/** The Salesforce user id → username book (lib/pipeline/username-book.ts). */
export const SF_USERNAMES_PK = 'names#salesforce';

/**
 * Sparse GSI over alerts not yet published: only unsent alert items carry `unsentPk`. Sorted by `recordedAt`, so a
 * retry takes the oldest first and what it cannot send is parked (taken out of the index), never left in front.
 */
export const UNSENT_INDEX = 'unsent';
export const UNSENT_PK = 'unsentPk';
export const UNSENT_SK = 'recordedAt';
export const UNSENT_PK_VALUE = 'unsent';

/**
 * Profile, identity and tenant items: the core's JSON compressed in the binary `b` (state-item-codec.ts), or, as
 * written before it and by the username book, plain JSON in `data`; plus `version` (and `ttl` where items age out).
 */
export const StateItemSchema = z.object({
  pk: z.string(),
  version: z.number().int().nonnegative(),
  data: z.string().optional(),
  b: z.instanceof(Uint8Array).optional(),
  ttl: z.number().optional(),
}).refine((i) => (i.data === undefined) !== (i.b === undefined), { message: 'exactly one of data and b' });
export type StateItem = z.infer<typeof StateItemSchema>;

/** A versioned item of plain JSON in `data` (the username book). */
export const JsonStateItemSchema = z.object({
  pk: z.string(),
  version: z.number().int().nonnegative(),
  data: z.string(),
  ttl: z.number().optional(),
});

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

/**
 * Alert record: the alert JSON (trimmed when `trimmed`, the full one then at `archiveKey` in S3), its `update`
 * number, whether that version was published, and `unsentPk` while it was not. `sending`/`sendingSince` is the
 * claim of the invocation publishing it; `attempts` counts claims; a parked alert is no longer retried.
 */
export const AlertItemSchema = z.object({
  pk: z.string(),
  alert: z.string(),
  update: z.number().int().nonnegative().optional(),
  trimmed: z.boolean().optional(),
  archiveKey: z.string().optional(),
  sent: z.boolean(),
  recordedAt: z.number(),
  sentAt: z.number().optional(),
  ttl: z.number(),
  unsentPk: z.string().optional(),
  sending: z.string().optional(),
  sendingSince: z.number().optional(),
  attempts: z.number().int().nonnegative().optional(),
  lastError: z.string().optional(),
  parked: z.boolean().optional(),
  parkedReason: z.string().optional(),
});
export type AlertItem = z.infer<typeof AlertItemSchema>;

/** Epoch seconds for the `ttl` attribute. */
export const ttlSeconds = (epochMs: number): number => Math.floor(epochMs / 1000);

/** DynamoDB deletes expired items lazily (up to days later): an item whose `ttl` has passed reads as absent. */
export const isExpired = (item: { ttl?: number | undefined }, nowMs: number): boolean =>
  item.ttl !== undefined && item.ttl * 1000 <= nowMs;

export const DAY_MS = 86_400_000;
