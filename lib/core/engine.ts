import type { Alert } from './alert.ts';
import { contributeToPeers, peerReference, type PeerReference } from './baseline/peers.ts';
import { OwnHistory } from './baseline/volume-reference.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import { correlate, type AlertEscalation, type IdentityMarker, type PendingSignal } from './correlation.ts';
import { DETECTORS } from './detectors/registry.ts';
import type { DayContext, Detector, DetectorEnv } from './detectors/types.ts';
import { identityKey, type NormalizedEvent, type Reject } from './event.ts';
import { chainStepOf, ChainSteps } from './exfil-chain.ts';
import { NetworkList } from './ip-match.ts';
import { isWeekend, OrgClock } from './local-time.ts';
import { markersOfDay } from './markers.ts';
import { PrincipalBatch } from './principal-batch.ts';
import {
  ACT_INTERACTIVE, batchMarker, foldActivity, foldBuckets, hasBatch, isColdStart, isServiceLike, markAlerted, markBatch,
  mergeSeen, metricDays, newProfile, newSeenList, pruneHistory, pruneSeen, seenKey, upgradeProfile,
} from './profile.ts';
import { isConfiguredServiceAccount } from './service-accounts.ts';
import type { IdentityState, Profile, StateChanges, StateKeys, StateSnapshot, TenantState } from './state.ts';
import { foldTenantSeen, tenantHasSeen } from './tenant.ts';
import { DAY, dayOf, iso } from './time.ts';
import { principalTriage } from './triage.ts';
import { networkOf } from './ip-match.ts';
import { cloneJson } from './clone-json.ts';
import { boundProfile, boundTenant, type Shed } from './item-budget.ts';

export interface BatchStats {
  events: number;
  principals: number;
  signals: number;
  suppressed: number;
  rolledUp: number;
  skippedPrincipals: number; // already folded this batch (reprocessing)
  /** State items that shed data to fit their byte budget (see item-budget.ts). */
  shed: Shed[];
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
  /** Alerts published earlier whose tier rose with facts this batch brought (see correlation.ts). */
  escalations: AlertEscalation[];
  signals: SignalSummary[];
  changes: StateChanges;
  rejects: Reject[];
  stats: BatchStats;
  /** Config entries (service accounts, suppressions) found expired and therefore not applied. */
  expiredEntries: string[];
}

/** A user agent of a person at a screen (browser, Slack desktop), as opposed to an integration. */
const INTERACTIVE_UA = /mozilla\/|slack\/|teams\//i;

/**
 * One batch through the pure core, in steps so a driver can stream: `add` every event (memory grows with distinct
 * principals, buckets and days — not with events), load profiles for `keys()`, `evaluate`, load the identities it
 * names, `correlate` (or `finish` with one snapshot holding both, for small inputs).
 *
 * Days are judged in time order across all principals of the batch (so a day's peer baselines include the days
 * before it), each principal's day against its profile as it stood at the start of that day, then folded in.
 * Folding is commutative: the same batches in any order give the same profiles.
 */
export class DetectionRun {
  private readonly principals = new Map<string, PrincipalBatch>();
  private readonly bySource = new Map<string, Map<string, PrincipalBatch>>();
  private readonly rejects: Reject[] = [];
  private readonly detectors: readonly Detector[];
  private readonly env: DetectorEnv;
  private readonly orgClock: OrgClock;
  /** Tenant-wide values first seen in this batch: set → value → earliest time. */
  private readonly tenantFirst = new Map<string, Map<string, number>>();
  private tenant: TenantState | undefined;
  private events = 0;
  /** Exfiltration-chain steps of this batch per identity (exfil-chain.ts): bounded per person, role and hour. */
  private readonly chainSteps = new Map<string, ChainSteps>();
  private readonly chainsOn: boolean;

  constructor(readonly config: Config, readonly clock: Clock) {
    this.orgClock = new OrgClock(config);
    this.chainsOn = config.chains.exfiltration.enabled;
    this.detectors = DETECTORS.filter((d) => (config.detectors as Record<string, { enabled?: boolean }>)[d.id]?.enabled !== false);
    this.env = {
      config,
      orgClock: this.orgClock,
      trusted: new NetworkList(config.trustedNetworks),
      tenantSeenBefore: (set, value, time) => {
        if (this.tenant && tenantHasSeen(this.tenant, set, value, dayOf(time))) return true;
        const first = this.tenantFirst.get(set)?.get(value);
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
    const localDay = this.orgClock.localDay(e.time);
    day.hours.set(localDay, (day.hours.get(localDay) ?? 0) | (1 << this.orgClock.localHour(e.time)));
    const ip = e.src?.ip;
    if (ip) pb.see(day, 'ip', ip); // its network is derived when the day is folded, not per event
    const ua = e.src?.ua;
    if (ua) {
      pb.see(day, 'ua', ua);
      if (INTERACTIVE_UA.test(ua)) day.flags |= ACT_INTERACTIVE;
    }
    if (e.action === 'login' && e.source !== 'salesforce') day.flags |= ACT_INTERACTIVE;
    if (e.entities) for (const ent of e.entities) pb.see(day, 'object', ent);
    if (e.object?.id) pb.see(day, 'resource', e.object.name ?? e.object.id);
    const domain = e.external?.domain;
    if (domain) {
      pb.see(day, 'extDomain', domain);
      let set = this.tenantFirst.get('extDomain');
      if (!set) {
        set = new Map();
        this.tenantFirst.set('extDomain', set);
      }
      const prev = set.get(domain);
      if (prev === undefined || e.time < prev) set.set(domain, e.time);
    }
    markersOfDay.observe(e, pb);
    if (this.chainsOn) {
      const step = chainStepOf(e, this.config);
      if (step) {
        let steps = this.chainSteps.get(pb.identity);
        if (!steps) this.chainSteps.set(pb.identity, (steps = new ChainSteps()));
        steps.add(step);
      }
    }
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

  private evaluated: { pending: PendingSignal[]; markers: IdentityMarker[]; profiles: Profile[]; skipped: number; tenant: TenantState | null; sheds: Shed[] } | undefined;

  /**
   * Step 1 of finish: judge every principal's days against its profile (from `snapshot.profiles`) and the tenant's
   * peer baselines, and fold them in. Returns the identities correlation needs — only those of principals that raised
   * a signal or a marker, so a driver loads identity items for a few people rather than for everyone in the batch.
   */
  evaluate(snapshot: Pick<StateSnapshot, 'profiles' | 'tenant'>, batchId: string): StateKeys {
    // The tenant item is changed only where something new was learned; a copy keeps the loaded one for comparison.
    const tenant = cloneJson(snapshot.tenant);
    this.tenant = tenant;
    let tenantChanged = false;
    const pending: PendingSignal[] = [];
    const markers: IdentityMarker[] = [];
    const profiles: Profile[] = [];
    let skipped = 0;
    const marker = batchMarker(batchId);
    const sheds: Shed[] = [];
    const work: { pb: PrincipalBatch; profile: Profile; days: Set<number> }[] = [];
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
      const group = this.groupOf(pb);
      if (group) profile.group = group;
      else delete profile.group;
      work.push({ pb, profile, days: daysToJudge(pb, profile) });
      profiles.push(profile);
    }
    const days = [...new Set(work.flatMap((w) => [...w.days]))].sort((a, b) => a - b);
    for (const day of days) {
      const active = work.filter((w) => w.days.has(day));
      for (const w of active) this.evaluateDay(w.pb, w.profile, day, tenant, pending, markers);
      // The day is folded: what it taught about each person goes to their peer group.
      for (const w of active) tenantChanged = contributeToPeers(tenant, w.profile, day) || tenantChanged;
    }
    for (const { pb, profile } of work) {
      profile.firstSeen = Math.min(profile.firstSeen, pb.minTime);
      profile.lastSeen = Math.max(profile.lastSeen, pb.maxTime);
      pruneSeen(profile);
      pruneHistory(profile);
      markBatch(profile, marker);
      const shed = boundProfile(profile);
      if (shed) sheds.push(shed);
    }
    tenantChanged = this.foldTenant(tenant) || tenantChanged;
    if (tenantChanged) {
      const shed = boundTenant(tenant);
      if (shed) sheds.push(shed);
    }
    this.evaluated = { pending, markers, profiles, skipped, tenant: tenantChanged ? tenant : null, sheds };
    const identities = new Set<string>([...pending.map((p) => p.signal.principal.identity), ...markers.map((m) => m.identity), ...this.chainSteps.keys()]);
    return { principals: [], identities: [...identities].sort() };
  }

  /** Step 2 of finish: signals → alerts with the identities `evaluate` asked for. */
  correlate(identities: ReadonlyMap<string, IdentityState>): BatchResult {
    if (!this.evaluated) throw new Error('DetectionRun.correlate called before evaluate');
    const { pending, markers, profiles, skipped, tenant, sheds } = this.evaluated;
    const steps = new Map([...this.chainSteps].map(([k, v]) => [k, v.list()]));
    const corr = correlate(pending, markers, identities, this.config, steps);
    return {
      alerts: corr.alerts,
      escalations: corr.escalations,
      signals: pending.map(({ signal: s }) => ({
        detector: s.detector, technique: s.technique, principal: s.principal.actorId, source: s.principal.source,
        start: iso(s.window.start), end: iso(s.window.end), weight: s.weight, highConfidence: s.highConfidence, title: s.title,
      })),
      changes: { profiles, identities: corr.identities, tenant },
      rejects: this.rejects,
      stats: {
        events: this.events,
        principals: this.principals.size,
        signals: pending.length,
        suppressed: corr.suppressed,
        rolledUp: corr.rolledUp,
        skippedPrincipals: skipped,
        shed: [...sheds, ...corr.shed],
      },
      expiredEntries: this.expiredEntries(),
    };
  }

  private evaluateDay(pb: PrincipalBatch, profile: Profile, day: number, tenant: TenantState, pending: PendingSignal[], markers: IdentityMarker[]): void {
    const dayStart = day * DAY;
    const localDay = this.orgClock.localDay(dayStart);
    const histories = new Map<string, OwnHistory>();
    const peers = new Map<string, PeerReference | null>();
    const ctx: DayContext = {
      env: this.env, pb, profile, day, dayStart, dayEnd: dayStart + DAY, localDay, weekend: isWeekend(localDay),
      coldStart: isColdStart(profile, localDay),
      serviceAccount: isConfiguredServiceAccount(pb, this.config, dayStart),
      serviceLike: isServiceLike(profile, localDay),
      history: (metric) => {
        let h = histories.get(metric);
        if (!h) {
          h = new OwnHistory(profile.metrics[metric], day, isWeekend(localDay), (d) => this.orgClock.localDay(d * DAY + DAY / 2));
          histories.set(metric, h);
        }
        return h;
      },
      peers: (metric) => {
        if (!peers.has(metric)) peers.set(metric, peerReference(tenant, pb.source, profile.group, metric, profile.key));
        return peers.get(metric)!;
      },
    };
    const held = new Set<string>();
    for (const d of this.detectors) {
      for (const s of d.evaluateDay(ctx)) {
        s.day = dayStart;
        pending.push({ signal: s, triage: principalTriage(s, ctx) });
        if (s.hold) held.add(s.hold.metric);
      }
    }
    markersOfDay.judge(ctx, markers);
    // Fold the day only after it was judged; a day that raised an alert is held out of that metric's baseline.
    for (const name of pb.series.keys()) {
      const buckets = pb.bucketsIn(name, dayStart, dayStart + DAY);
      if (!buckets.length) continue;
      const deltas = buckets.map((b) => ({ start: b.start, value: b.value, parts: b.parts, keys: b.keys, ips: b.ev.ips }));
      foldBuckets(profile, name, deltas, pb.maxTime, (ms) => this.orgClock.localHour(ms));
    }
    // Also when the day was judged again only because an earlier day's late data completed its windows.
    for (const name of held) if (profile.metrics[name]?.d.includes(day)) markAlerted(metricDays(profile, name), day);
    const facts = pb.days.get(day);
    if (!facts) return; // a later day judged again for this batch's late data: nothing of its own to fold
    for (const [ld, mask] of facts.hours) foldActivity(profile, ld, mask, facts.flags);
    for (const [set, values] of facts.seen) {
      mergeSeen((profile.seen[set] ??= newSeenList()), values, (v) => seenKey(set, v), day);
      if (set === 'ip') mergeSeen((profile.seen['net'] ??= newSeenList()), values, networkOf, day);
    }
  }

  /** The principal's peer group: config `peerGroups` by any of its names. */
  private groupOf(pb: PrincipalBatch): string | undefined {
    const names = [pb.actorId, pb.email, pb.name, pb.identity].filter((x): x is string => !!x).map((x) => x.toLowerCase());
    for (const g of this.config.peerGroups) if (g.principals.some((p) => names.includes(p))) return g.group;
    return undefined;
  }

  /** External domains new to the tenant (or seen again after a week) go into its first-seen set. */
  private foldTenant(tenant: TenantState): boolean {
    let changed = false;
    for (const [set, values] of this.tenantFirst) changed = foldTenantSeen(tenant, set, values) || changed;
    return changed;
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

/**
 * The days a batch's data is judged in: its own, and the day after each when the principal already has activity
 * there — late data completes that day's rolling windows (up to 24 h long) too.
 */
function daysToJudge(pb: PrincipalBatch, profile: Profile): Set<number> {
  const days = new Set(pb.days.keys());
  const later = new Set<number>();
  for (const buckets of Object.values(profile.recent)) for (const [t] of buckets) later.add(dayOf(t));
  for (const d of [...days]) if (later.has(d + 1)) days.add(d + 1);
  return days;
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
