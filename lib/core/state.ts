/**
 * Persistent detection state. Plain JSON so the local state file and DynamoDB items hold the same data.
 * Every item carries `version` for optimistic concurrency (DynamoDB conditional writes).
 */

/**
 * One volume metric of a principal, day by day (UTC epoch days, ascending, index-aligned arrays, capped at 90 days).
 * Kept per day rather than as running aggregates so that folding is commutative: batches of any day can arrive in any
 * order (late ELF files, a backfill) and give the same profile; every figure a detector needs (mean, spread, P95/P99,
 * weekday or weekend, the busiest hour, habits) is derived from these days when judging.
 */
export interface MetricDays {
  d: number[];
  /** The day's total. */
  v: number[];
  /** The busiest clock hour's total that day. */
  p: number[];
  /** Org-local hour of day (0–23) of that busiest hour: recurring work shows up at the same hour. */
  h: number[];
  /** Days on which this metric raised an alert: held out of the baseline unless they form a habit. */
  a?: number[];
}

/**
 * A 5-minute bucket kept across batches: [start ms, value] or [start ms, value, extra]. Whatever a window over several
 * batches needs to come out as it would within one batch goes in `extra`: the parts of a metric counted once across
 * feeds, digests of a distinct count's keys, the bucket's source IPs (for the window's triage).
 */
export type RecentBucket = [number, number] | [number, number, RecentExtra];

export interface RecentExtra {
  /** `family:feed` → value. */
  p?: Record<string, number>;
  /** Digests of the distinct keys (up to KEYS_KEPT). */
  k?: string[];
  /** Source IPs, sorted (up to IPS_KEPT). */
  i?: string[];
}

/**
 * A principal's first-seen set: values (long ones as digests), the epoch day each was first and last seen,
 * index-aligned. Capped and aged out after 90 days. Arrays rather than objects keyed by value: vendor strings such as
 * `__proto__` are data, and objects keyed by ever-new strings made V8 build a hidden class per key.
 */
export interface SeenList {
  v: string[];
  /** First day seen. */
  f: number[];
  /** Last day seen. */
  t: number[];
}

export interface Profile {
  key: string; // `${source}:${actorId}`
  version: number;
  /** Layout of this item; profiles of earlier layouts are upgraded when read. */
  format?: 2 | 3;
  source: string;
  id: string;
  name?: string;
  identity: string;
  /** Peer group (from config or a directory snapshot); the org when absent. */
  group?: string;
  /** Markers (batchMarker) of the batches recently folded into this profile: a retry of a partial save skips them. */
  batches: string[];
  firstSeen: number;
  lastSeen: number;
  /**
   * Activity per org-local day as flat triples [local epoch day, 24-bit mask of local hours active, flags], ascending,
   * capped at 120 days. Hour-of-week habits, active-day counts and service-like behaviour are derived from it; a bit
   * mask makes re-delivered or late batches idempotent (OR), where counters would count a day twice.
   */
  act: number[];
  metrics: Record<string, MetricDays>;
  seen: Record<string, SeenList>;
  /** Buckets of the last three days per metric: rolling windows continue across batches and late data merges exactly. */
  recent: Record<string, RecentBucket[]>;
}

export interface IdentityAlertRef {
  id: string;
  detector: string;
  technique: string;
  tier: 1 | 2;
  time: number; // window end
  principal: string;
  rollup: number;
  /** The value as last published (an update is published when it grows materially). */
  value?: number;
  large?: boolean;
  /** Updates published after the first alert. */
  update?: number;
  /** Escalation reasons as published, the signal's kind and de-escalations: facts arriving later can raise the tier. */
  reasons?: string[];
  kind?: string;
  deescalation?: string[];
  /** The exfiltration chain this alert carries (exfil-chain.ts): the CRM step's UTC day and the steps' signature. */
  chain?: { day: number; sig: string };
}

export interface IdentitySignalRef {
  detector: string;
  technique: string;
  weight: number;
  time: number;
  principal: string;
  kind?: 'compromise' | 'leaving' | 'idp'; // markers: signs of a compromise, data leaving the tenant, identity-provider facts
}

/** Per person (joined across sources by e-mail/UPN): recent alerts and signals for triage and correlation. */
export interface IdentityState {
  key: string;
  version: number;
  alerts: IdentityAlertRef[];
  signals: IdentitySignalRef[];
  /** Collection and data-leaving steps of the last days, for chains across sources and batches (exfil-chain.ts). */
  chain?: ChainStep[];
}

/** A CRM collection or a data-leaving step of a person (exfil-chain.ts), as kept in the identity item. */
export interface ChainStep {
  role: 'collection' | 'leaving';
  time: number;
  source: string;
  app: string;
  action: string;
  /** `source:actorId` of the principal that acted. */
  principal: string;
  event: string;
  object?: string;
  destination?: string;
  ip?: string;
}

/** A peer group's members and, per member, the P95 of their settled daily totals and busiest hours of one metric. */
export interface PeerMetric {
  /** Member digests (shortHash of the principal key), ascending: the kept sample is the same whatever the order. */
  m: string[];
  d: number[];
  h: number[];
}

/** Tenant-wide state: first-seen sets (external orgs and domains) and peer-group baselines. */
export interface TenantState {
  key: 'tenant';
  version: number;
  seen: Record<string, SeenList>;
  /** `${source}/${group}` → metric → members' references. */
  peers?: Record<string, Record<string, PeerMetric>>;
}

export interface StateSnapshot {
  profiles: Map<string, Profile>;
  identities: Map<string, IdentityState>;
  tenant: TenantState;
}

export interface StateChanges {
  profiles: Profile[];
  identities: IdentityState[];
  tenant: TenantState | null;
}

export interface StateKeys {
  principals: string[];
  identities: string[];
}

/** Port implemented by the local JSON file and by DynamoDB. Reads are batched; one write per changed item. */
export interface StatePort {
  /** Items the caller owns (fresh copies): the core updates them in place. */
  load(keys: StateKeys): Promise<StateSnapshot>;
  /** Writes changes conditionally on each item's loaded `version`; throws StateConflictError on a lost race. */
  save(changes: StateChanges): Promise<void>;
}

export class StateConflictError extends Error {
  constructor(readonly key: string, options?: ErrorOptions) {
    super(`state item ${key} changed since it was read`, options);
    this.name = 'StateConflictError';
  }
}

/**
 * A batch made of several batches (queued S3 objects of one source detected together) met a profile, or the ledger,
 * holding some of its parts but not all: an earlier run folded them in part (it stopped mid-save, or grouped them
 * otherwise). Folding the whole would count those parts twice; the caller detects the parts one at a time instead,
 * where each part's own marker decides.
 */
export class BatchPartlyFoldedError extends Error {
  constructor(readonly where: string, readonly held: readonly string[], readonly missing: readonly string[]) {
    super(`${where} holds ${held.length} of the ${held.length + missing.length} batches detected together`);
    this.name = 'BatchPartlyFoldedError';
  }
}

/** One batch's id, or the ids of the batches detected together as one (each marked as if detected alone). */
export type BatchIds = string | readonly string[];
export const idsOf = (batch: BatchIds): readonly string[] => (typeof batch === 'string' ? [batch] : batch);

export const emptyTenant = (): TenantState => ({ key: 'tenant', version: 0, seen: {} });
export const emptySnapshot = (): StateSnapshot => ({ profiles: new Map(), identities: new Map(), tenant: emptyTenant() });
