import type { Alert } from './alert.ts';
import type { Clock } from './clock.ts';
import { cloneJson } from './clone-json.ts';
import type { Config } from './config.ts';
import { correlate, type CompromiseMarker, type PendingSignal } from './correlation.ts';
import { DETECTORS } from './detectors/registry.ts';
import type { DayContext, Detector, DetectorEnv } from './detectors/types.ts';
import { identityKey, type NormalizedEvent, type Reject } from './event.ts';
import { NetworkList } from './ip-match.ts';
import { OrgClock } from './local-time.ts';
import { PrincipalBatch } from './principal-batch.ts';
import {
  batchMarker, foldBuckets, foldDayFacts, foldRecent, hasBatch, hasSeen, isColdStart, markBatch, metric, newProfile, pruneSeen,
  upgradeProfile,
} from './profile.ts';
import type { IdentityState, Profile, StateChanges, StateKeys, StateSnapshot, TenantState } from './state.ts';
import { DAY, dayOf, iso } from './time.ts';
import { principalTriage } from './triage.ts';

export interface BatchStats {
  events: number;
  principals: number;
  signals: number;
  suppressed: number;
  rolledUp: number;
  skippedPrincipals: number; // already folded this batch (reprocessing)
}

/** A detector's finding before correlation (kept for tuning and tests; alerts are what is published). */
export interface SignalSummary {
  detector: string;
  technique: string;
  principal: string; // actor id
  source: string;
  start: string;
  end: string;
  weight: number;
  highConfidence: boolean;
  title: string;
}

export interface BatchResult {
  alerts: Alert[];
  signals: SignalSummary[];
  changes: StateChanges;
  rejects: Reject[];
  stats: BatchStats;
  /** Config entries (service accounts, suppressions) found expired and therefore not applied. */
  expiredEntries: string[];
}

const FAILED_LOGINS = 'auth.failed';
const NONE_HELD: ReadonlySet<number> = new Set();
const COMPROMISE = 'compromise';
const COMPROMISE_ACTIONS = new Set(['vendor_anomaly', 'app_install', 'app_scope_change']);

/**
 * One batch through the pure core, in steps so a driver can stream: `add` every event (memory grows with
 * distinct principals, buckets and days — not with events), load profiles for `keys()`, `evaluate`, load the
 * identities it names, `correlate` (or `finish` with one snapshot holding both, for small inputs). Events may arrive in any order: they are bucketed, and each principal's days are evaluated in time
 * order, each against the baseline as it stood at the start of that day.
 */
export class DetectionRun {
  private readonly principals = new Map<string, PrincipalBatch>();
  private readonly bySource = new Map<string, Map<string, PrincipalBatch>>();
  private readonly rejects: Reject[] = [];
  private readonly detectors: readonly Detector[];
  private readonly env: DetectorEnv;
  private readonly orgClock: OrgClock;
  /** Tenant-wide values first seen in this batch: `set|value` → earliest time. */
  private readonly tenantFirst = new Map<string, number>();
  private tenant: TenantState | undefined;
  private events = 0;

  constructor(readonly config: Config, readonly clock: Clock) {
    this.orgClock = new OrgClock(config);
    this.detectors = DETECTORS.filter((d) => (config.detectors as Record<string, { enabled?: boolean }>)[d.id]?.enabled !== false);
    this.env = {
      config,
      orgClock: this.orgClock,
      trusted: new NetworkList(config.trustedNetworks),
      tenantSeenBefore: (set, value, time) => {
        if (this.tenant?.seen[set]?.[value] !== undefined) return true;
        const first = this.tenantFirst.get(`${set}|${value}`);
        return first !== undefined && first < time;
      },
    };
  }

  add(e: NormalizedEvent): void {
    this.events++;
    // Looked up by source, then actor id: building the `source:id` key for every event cost more than the lookup.
    let ofSource = this.bySource.get(e.source);
    if (!ofSource) {
      ofSource = new Map();
      this.bySource.set(e.source, ofSource);
    }
    let pb = ofSource.get(e.actor.id);
    if (!pb) {
      const key = `${e.source}:${e.actor.id}`;
      pb = new PrincipalBatch(key, e.source, e.actor.id, e.actor.type, identityKey(e));
      ofSource.set(e.actor.id, pb);
      this.principals.set(key, pb);
    }
    if (e.actor.email && !pb.email) pb.email = e.actor.email;
    if (e.actor.name && !pb.name) pb.name = e.actor.name;
    pb.events++;
    if (e.time < pb.minTime) pb.minTime = e.time;
    if (e.time > pb.maxTime) pb.maxTime = e.time;
    const day = pb.day(dayOf(e.time));
    day.events++;
    day.slots.add(this.orgClock.slot(e.time));
    const ip = e.src?.ip;
    if (ip) pb.see(day, 'ip', ip); // its network is derived when the day is folded, not per event
    if (e.src?.ua) pb.see(day, 'ua', e.src.ua);
    if (e.entities) for (const ent of e.entities) pb.see(day, 'object', ent);
    if (e.object?.id) pb.see(day, 'resource', e.object.name ?? e.object.id);
    const domain = e.external?.domain;
    if (domain) {
      pb.see(day, 'extDomain', domain);
      const k = `extDomain|${domain}`;
      const prev = this.tenantFirst.get(k);
      if (prev === undefined || e.time < prev) this.tenantFirst.set(k, e.time);
    }
    if (e.action === 'login_failed') pb.addSum(FAILED_LOGINS, e, 1);
    else if (COMPROMISE_ACTIONS.has(e.action)) pb.addPoint(COMPROMISE, e);
    for (const d of this.detectors) d.observe?.(e, pb, this.env);
  }

  addReject(reject: Reject): void {
    this.rejects.push(reject);
  }

  /** The profiles to load before `evaluate` (identities come after it: see `evaluate`). */
  keys(): StateKeys {
    return { principals: [...this.principals.keys()].sort(), identities: [] };
  }

  /** `batchId` marks the batch in every profile it touches, so reprocessing it counts nothing twice. */
  finish(snapshot: StateSnapshot, batchId: string): BatchResult {
    this.evaluate(snapshot, batchId);
    return this.correlate(snapshot.identities);
  }

  private evaluated: { pending: PendingSignal[]; markers: CompromiseMarker[]; profiles: Profile[]; skipped: number; tenant: TenantState } | undefined;

  /**
   * Step 1 of finish: judge every principal's days against its profile (from `snapshot.profiles` and tenant) and
   * fold them in. Returns the identities correlation needs — only those of principals that raised a signal or a
   * compromise marker, so a driver loads identity items for a few people rather than for everyone in the batch.
   */
  evaluate(snapshot: Pick<StateSnapshot, 'profiles' | 'tenant'>, batchId: string): StateKeys {
    this.tenant = snapshot.tenant;
    const pending: PendingSignal[] = [];
    const markers: CompromiseMarker[] = [];
    const profiles: Profile[] = [];
    let skipped = 0;
    const marker = batchMarker(batchId);
    for (const key of [...this.principals.keys()].sort()) {
      const pb = this.principals.get(key)!;
      const stored = snapshot.profiles.get(key);
      if (stored && hasBatch(stored, batchId, marker)) {
        skipped++;
        continue;
      }
      // StatePort.load hands out objects the caller owns: updated in place, no copy.
      const profile = stored ? upgradeProfile(stored) : newProfile(key, pb.source, pb.actorId, pb.identity, pb.minTime);
      profile.name = pb.email ?? pb.name ?? profile.name;
      profile.identity = pb.identity;
      this.evaluatePrincipal(pb, profile, pending, markers);
      profile.firstSeen = Math.min(profile.firstSeen, pb.minTime);
      profile.lastSeen = Math.max(profile.lastSeen, pb.maxTime);
      pruneSeen(profile, profile.lastSeen);
      markBatch(profile, marker);
      profiles.push(profile);
    }
    this.evaluated = { pending, markers, profiles, skipped, tenant: snapshot.tenant };
    const identities = new Set<string>([...pending.map((p) => p.signal.principal.identity), ...markers.map((m) => m.identity)]);
    return { principals: [], identities: [...identities].sort() };
  }

  /** Step 2 of finish: signals → alerts with the identities `evaluate` asked for. */
  correlate(identities: ReadonlyMap<string, IdentityState>): BatchResult {
    if (!this.evaluated) throw new Error('DetectionRun.correlate called before evaluate');
    const { pending, markers, profiles, skipped, tenant } = this.evaluated;
    const corr = correlate(pending, markers, identities, this.config);
    return {
      alerts: corr.alerts,
      signals: pending.map(({ signal: s }) => ({
        detector: s.detector, technique: s.technique, principal: s.principal.actorId, source: s.principal.source,
        start: iso(s.window.start), end: iso(s.window.end), weight: s.weight, highConfidence: s.highConfidence, title: s.title,
      })),
      changes: { profiles, identities: corr.identities, tenant: this.foldTenant(tenant) },
      rejects: this.rejects,
      stats: {
        events: this.events,
        principals: this.principals.size,
        signals: pending.length,
        suppressed: corr.suppressed,
        rolledUp: corr.rolledUp,
        skippedPrincipals: skipped,
      },
      expiredEntries: this.expiredEntries(),
    };
  }

  private evaluatePrincipal(pb: PrincipalBatch, profile: Profile, pending: PendingSignal[], markers: CompromiseMarker[]): void {
    for (const day of [...pb.days.keys()].sort((a, b) => a - b)) {
      const ctx: DayContext = { env: this.env, pb, profile, dayStart: day * DAY, dayEnd: (day + 1) * DAY, coldStart: isColdStart(profile) };
      let held: Map<string, Set<number>> | undefined; // most days raise nothing to hold out
      for (const d of this.detectors) {
        for (const s of d.evaluateDay(ctx)) {
          pending.push({ signal: s, triage: principalTriage(s, profile, this.env) });
          if (s.hold) {
            held ??= new Map();
            const set = held.get(s.hold.metric) ?? new Set<number>();
            for (const b of s.hold.buckets) set.add(b);
            held.set(s.hold.metric, set);
          }
        }
      }
      this.compromiseMarkers(ctx, markers);
      // Fold the day only after it was judged, holding out activity that raised an alert.
      for (const name of pb.series.keys()) {
        const buckets = pb.bucketsIn(name, ctx.dayStart, ctx.dayEnd);
        if (!buckets.length) continue;
        foldBuckets(metric(profile, name), buckets, held?.get(name) ?? NONE_HELD);
        foldRecent(profile, name, buckets, ctx.dayEnd);
      }
      foldDayFacts(profile, day, pb.days.get(day)!);
    }
  }

  /** Failed logins (≥ 3 in 24 h), vendor anomalies and apps new to the principal corroborate a compromise. */
  private compromiseMarkers(ctx: DayContext, markers: CompromiseMarker[]): void {
    const { pb, profile } = ctx;
    const failed = pb.bucketsIn(FAILED_LOGINS, ctx.dayStart - DAY, ctx.dayEnd);
    for (const b of failed) {
      if (b.start < ctx.dayStart) continue;
      const inDay = failed.filter((x) => x.start <= b.start && x.start > b.start - DAY).reduce((n, x) => n + x.value, 0);
      if (inDay >= 3) {
        markers.push({ identity: pb.identity, principal: pb.key, time: b.start, what: 'failed-logins' });
        break;
      }
    }
    for (const { event: e } of pb.points.get(COMPROMISE) ?? []) {
      if (e.time < ctx.dayStart || e.time >= ctx.dayEnd) continue;
      const app = e.object?.name ?? e.object?.id;
      if (e.action !== 'vendor_anomaly' && app && hasSeen(profile, 'resource', app, e.time)) continue;
      markers.push({ identity: pb.identity, principal: pb.key, time: e.time, what: e.action === 'vendor_anomaly' ? 'vendor-anomaly' : 'new-app' });
    }
  }

  private foldTenant(prev: TenantState): TenantState | null {
    if (this.tenantFirst.size === 0) return null;
    const next = cloneJson(prev);
    for (const [k, t] of this.tenantFirst) {
      const i = k.indexOf('|');
      const set = (next.seen[k.slice(0, i)] ??= {});
      const v = k.slice(i + 1);
      set[v] = Math.max(set[v] ?? 0, t);
    }
    return next;
  }

  private expiredEntries(): string[] {
    const today = new Date(this.clock.now()).toISOString().slice(0, 10);
    const out: string[] = [];
    for (const a of this.config.serviceAccounts) {
      if (a.expires && a.expires < today) out.push(`serviceAccounts: ${a.principal} expired ${a.expires} (${a.reason})`);
    }
    for (const s of this.config.suppressions) {
      if (s.expires < today) out.push(`suppressions: ${s.detector} for ${s.principal} expired ${s.expires} (${s.reason})`);
    }
    return out;
  }
}

/** Convenience for tests and small inputs: the whole batch in one call. */
export function runBatch(
  events: Iterable<NormalizedEvent>,
  state: StateSnapshot,
  config: Config,
  clock: Clock,
  batchId: string,
): BatchResult {
  const run = new DetectionRun(config, clock);
  for (const e of events) run.add(e);
  return run.finish(state, batchId);
}
