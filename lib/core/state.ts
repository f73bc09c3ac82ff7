/**
 * Persistent detection state. Plain JSON so the local state file and DynamoDB items hold the same data.
 * Every item carries `version` for optimistic concurrency (DynamoDB conditional writes).
 */

/** EWMA mean/variance of one volume metric, folded once per completed period (day or hour). */
export interface EwmaStat {
  mean: number;
  var: number;
  /** Periods folded so far. */
  n: number;
}

/** A daily metric: the open day's running total, the EWMA of past days, and recent daily values for P95/P99. */
export interface DailyMetric {
  day: number; // epoch day of `cur`
  cur: number; // total of the open day (activity that raised an alert is held out)
  ewma: EwmaStat;
  /** Most recent completed active-day totals (capped at 90), for P95/P99. */
  hist: number[];
  hour: number; // epoch ms of the open hour
  hourCur: number;
  /** EWMA of active-hour totals. */
  hourEwma: EwmaStat;
  /** Activity held out of the open day because it raised an alert. */
  heldCur?: number;
  /** [epoch day, held total] of recent days with held-out activity: a recurring pattern becomes a habit. */
  heldDays?: [number, number][];
  /** Alerting activity recurred often enough to be learned: it is no longer held out. */
  habit?: boolean;
}

/** An alert episode still open for a detector: later buckets inside it roll up instead of raising a new alert. */
export interface Episode {
  windowStart: number;
  until: number;
}

/** First-seen set: value → last-seen epoch ms. Capped and aged out (90 days). */
export type SeenSet = Record<string, number>;

/**
 * A principal's first-seen set: values and the epoch day each was last seen, index-aligned (capped at 200, aged out
 * after 90 days; a day is all the precision aging needs, in a third of the bytes of epoch ms). Not an object keyed by value: every profile has its own values (IPs, files), and objects keyed by
 * ever-new strings made V8 build a new hidden class per key (folding and parsing profiles were several times slower).
 * Not [value, time] pairs either: a pair is an array of its own, and a batch holds thousands of profiles at once.
 */
export interface SeenList {
  v: string[];
  t: number[];
}

export interface Profile {
  key: string; // `${source}:${actorId}`
  version: number;
  source: string;
  id: string;
  name?: string;
  identity: string;
  /** Markers (batchMarker) of the batches already folded into this profile: reprocessing one must not count it twice. */
  batches: string[];
  firstSeen: number;
  lastSeen: number;
  /** Distinct active epoch days (capped list, newest last). */
  activeDays: number[];
  /**
   * Hour-of-week slots (0 = Monday 00:00 in org timezone) with activity, as flat triples [slot, distinct days seen,
   * last day counted, …]. Sparse: many people use a few dozen of the 168 slots, and every byte of a profile is read
   * and written per batch. Flat: one array of small integers, where [days, day] pairs were an array each.
   */
  slots: number[];
  metrics: Record<string, DailyMetric>;
  seen: Record<string, SeenList>;
  /** Rolling windows that survive across batches: metric → [bucketStartMs, value][] for the last 24 h. */
  recent: Record<string, [number, number][]>;
  episodes: Record<string, Episode>;
}

export interface IdentityAlertRef {
  id: string;
  detector: string;
  technique: string;
  tier: 1 | 2;
  time: number; // window end
  principal: string;
  rollup: number;
}

export interface IdentitySignalRef {
  detector: string;
  technique: string;
  weight: number;
  time: number;
  principal: string;
  kind?: string; // e.g. 'compromise' for corroborating-compromise signals
}

/** Per person (joined across sources by e-mail/UPN): recent alerts and signals for triage and correlation. */
export interface IdentityState {
  key: string;
  version: number;
  alerts: IdentityAlertRef[];
  signals: IdentitySignalRef[];
}

/** Tenant-wide first-seen sets (external orgs and domains). */
export interface TenantState {
  key: 'tenant';
  version: number;
  seen: Record<string, SeenSet>;
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

export const emptyTenant = (): TenantState => ({ key: 'tenant', version: 0, seen: {} });
export const emptySnapshot = (): StateSnapshot => ({ profiles: new Map(), identities: new Map(), tenant: emptyTenant() });
