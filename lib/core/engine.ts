import type { Alert } from './alert.ts';
import { PeerReferences, applyPeerContributions, peerContributions, type PeerContribution, type PeerReference } from './baseline/peers.ts';
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
import { listOf, PrincipalBatch } from './principal-batch.ts';
import {
  ACT_INTERACTIVE, BATCH_MARKERS, batchMarker, foldActivity, foldBuckets, hasBatch, isColdStart, isServiceLike, markAlerted, markBatch,
  mergeSeen, metricDays, newProfile, newSeenList, pruneHistory, pruneSeen, seenKey, upgradeProfile,
} from './profile.ts';
import { isConfiguredServiceAccount } from './service-accounts.ts';
import type { BatchIds, IdentityState, Profile, StateChanges, StateKeys, StateSnapshot, TenantState } from './state.ts';
import { BatchPartlyFoldedError, idsOf } from './state.ts';
import { TenantFirstSeen } from './tenant-first-seen.ts';
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

/** What one principal raised on one day: kept apart so partitions of a batch merge in the order one run gives. */
export interface PrincipalDay {
  key: string;
  pending: PendingSignal[];
  markers: IdentityMarker[];
}

/** A day judged for the principals of a run (all of a batch's, or one partition's, see lib/replay/parallel). */
export interface DayJudgement {
  /** What the day taught about each principal's peer group; other partitions apply it before their next day. */
  contributions: PeerContribution[];
  /** By principal key, ascending. */
  principals: PrincipalDay[];
}

/** A partition's principals once judged: folded profiles and counts (its signals came with its days). */
export interface PartitionProfiles {
  profiles: Profile[];
  skipped: number;
  sheds: Shed[];
  principals: number;
  events: number;
}

export interface DetectionRunOptions {
  /**
   * The whole batch's tenant-first values when this run judges one partition of the batch: "new to the tenant" is
   * decided across all of it. Without it, `add` observes them, and the batch's exfiltration-chain steps (with it,
   * the run that correlates the batch notes those, see `noteChainStep`).
   */
  tenantFirst?: TenantFirstSeen;
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
  /** Tenant-wide values first seen in this batch. */
  private tenantFirst: TenantFirstSeen;
  private readonly wholeBatch: boolean;
  private tenant: TenantState | undefined;
  private events = 0;
  /** This batch's principal keys, sorted, kept when complete lets their batch data go. */
  private judgedKeys: string[] | undefined;
  /** Principals and events judged by other partitions (absorbed), for the stats. */
  private absorbed = { principals: 0, events: 0 };
  /** Exfiltration-chain steps of this batch per identity (exfil-chain.ts): bounded per person, role and hour. */
  private readonly chainSteps = new Map<string, ChainSteps>();
  private readonly chainsOn: boolean;

  constructor(readonly config: Config, readonly clock: Clock, options: DetectionRunOptions = {}) {
    this.tenantFirst = options.tenantFirst ?? new TenantFirstSeen();
    this.wholeBatch = options.tenantFirst === undefined;
    this.orgClock = new OrgClock(config);
    this.chainsOn = config.chains.exfiltration.enabled;
    this.detectors = DETECTORS.filter((d) => (config.detectors as Record<string, { enabled?: boolean }>)[d.id]?.enabled !== false);
    this.env = {
      config,
      orgClock: this.orgClock,
      trusted: new NetworkList(config.trustedNetworks),
      tenantSeenBefore: (set, value, time) => this.tenantFirst.seenBefore(this.tenant, set, value, time),
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
    pb.activeHour(day, localDay, this.orgClock.localHour(e.time));
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
      if (this.wholeBatch) this.tenantFirst.observe(e);
    }
    markersOfDay.observe(e, pb);
    if (this.wholeBatch) this.noteChainStep(e, pb.identity);
    for (const d of this.detectors) d.observe?.(e, pb, this.env);
  }

  /**
   * Keeps the event when it is a step of an exfiltration chain of `identity` (the identity of its principal in this
   * batch). A run that judges one partition leaves this to the run that correlates the batch (see `options`).
   */
  noteChainStep(e: NormalizedEvent, identity: string): void {
    if (!this.chainsOn) return;
    const step = chainStepOf(e, this.config);
    if (!step) return;
    let steps = this.chainSteps.get(identity);
    if (!steps) this.chainSteps.set(identity, (steps = new ChainSteps()));
    steps.add(step);
  }

  addReject(reject: Reject): void {
    this.rejects.push(reject);
  }

  /** The profiles to load before `evaluate` (identities come after it: see `evaluate`). */
  keys(): StateKeys {
    return { principals: this.judgedKeys ?? [...this.principals.keys()].sort(), identities: [] };
  }

  /** `batchId` marks the batch in every profile it touches, so reprocessing it counts nothing twice. */
  finish(snapshot: StateSnapshot, batchId: BatchIds): BatchResult {
    this.evaluate(snapshot, batchId);
    return this.correlate(snapshot.identities);
  }

  private evaluated: { pending: PendingSignal[]; markers: IdentityMarker[]; profiles: Profile[]; skipped: number; tenant: TenantState | null; sheds: Shed[] } | undefined;

  private judging: {
    tenant: TenantState; peers: PeerReferences; marks: string[]; work: Judged[]; pending: PendingSignal[];
    markers: IdentityMarker[]; profiles: Profile[]; skipped: number; sheds: Shed[]; tenantChanged: boolean;
  } | undefined;

  /**
   * Step 1 of finish: judge every principal's days against its profile (from `snapshot.profiles`) and the tenant's
   * peer baselines, and fold them in. Returns the identities correlation needs — only those of principals that raised
   * a signal or a marker, so a driver loads identity items for a few people rather than for everyone in the batch.
   */
  evaluate(snapshot: Pick<StateSnapshot, 'profiles' | 'tenant'>, batchId: BatchIds): StateKeys {
    for (const day of this.prepare(snapshot, batchId)) this.judgeDay(day);
    return this.complete();
  }

  /**
   * Loads the principals' profiles for judging; returns the days to judge, ascending. A profile holding the batch (every
   * one of its ids) is skipped; one holding some of them throws BatchPartlyFoldedError before anything is judged.
   */
  prepare(snapshot: Pick<StateSnapshot, 'profiles' | 'tenant'>, batchId: BatchIds): number[] {
    // The tenant item is changed only where something new was learned; a copy keeps the loaded one for comparison.
    const tenant = cloneJson(snapshot.tenant);
    this.tenant = tenant;
    const ids = idsOf(batchId);
    // A profile keeps BATCH_MARKERS markers: more parts would push out their own, and a re-run would fold them again.
    if (ids.length === 0 || ids.length > BATCH_MARKERS) throw new RangeError(`a batch has 1 to ${BATCH_MARKERS} ids, not ${ids.length}`);
    const marks = ids.map(batchMarker);
    const work: Judged[] = [];
    let skipped = 0;
    for (const key of [...this.principals.keys()].sort()) {
      const pb = this.principals.get(key)!;
      const stored = snapshot.profiles.get(key);
      const held = stored ? ids.filter((id, i) => hasBatch(stored, id, marks[i])) : [];
      if (held.length === ids.length) {
        skipped++;
        continue;
      }
      if (held.length > 0) throw new BatchPartlyFoldedError(`profile ${key}`, held, ids.filter((id) => !held.includes(id)));
      // StatePort.load hands out objects the caller owns: updated in place, no copy.
      const profile = stored ? upgradeProfile(stored) : newProfile(key, pb.source, pb.actorId, pb.identity, pb.minTime);
      profile.name = pb.email ?? pb.name ?? profile.name;
      profile.identity = pb.identity;
      const group = this.groupOf(pb);
      if (group) profile.group = group;
      else delete profile.group;
      work.push({ pb, profile, days: daysToJudge(pb, profile) });
    }
    this.judging = {
      tenant, peers: new PeerReferences(tenant), marks, work, pending: [], markers: [], profiles: work.map((w) => w.profile), skipped,
      sheds: [], tenantChanged: false,
    };
    return [...new Set(work.flatMap((w) => [...w.days]))].sort((a, b) => a - b);
  }

  /**
   * Judges one day for every principal active in it (days in time order across principals, so a day's peer baselines
   * include the days before it), then puts what the day taught into their peer groups.
   */
  judgeDay(day: number): DayJudgement {
    const j = this.judgingState();
    const principals: PrincipalDay[] = [];
    const contributions: PeerContribution[] = [];
    for (const w of j.work) {
      if (!w.days.has(day)) continue;
      const p0 = j.pending.length;
      const m0 = j.markers.length;
      this.evaluateDay(w.pb, w.profile, day, j.peers, j.pending, j.markers);
      if (j.pending.length > p0 || j.markers.length > m0) {
        principals.push({ key: w.profile.key, pending: j.pending.slice(p0), markers: j.markers.slice(m0) });
      }
    }
    // The day is folded: what it taught about each person goes to their peer group.
    for (const w of j.work) if (w.days.has(day)) contributions.push(...peerContributions(w.profile, day, j.tenant.peers));
    this.applyPeers(contributions);
    return { contributions, principals };
  }

  /** Another partition's peer contributions of a day judged (re-applying this run's own changes nothing). */
  applyPeers(contributions: readonly PeerContribution[]): void {
    const j = this.judgingState();
    if (!applyPeerContributions(j.tenant, contributions)) return;
    j.tenantChanged = true;
    j.peers.changed();
  }

  /**
   * Adds the days other partitions judged (in time order, as one run would): their signals and markers by principal
   * key, their peer contributions. For a run that judges no principal itself and correlates the batch.
   */
  absorbDay(judgements: readonly DayJudgement[]): void {
    const j = this.judgingState();
    const principals = judgements.flatMap((x) => x.principals).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const p of principals) {
      j.pending.push(...p.pending);
      j.markers.push(...p.markers);
    }
    this.applyPeers(judgements.flatMap((x) => x.contributions));
  }

  /** Adds the profiles other partitions judged and folded (to be saved with the batch). */
  absorbProfiles(part: PartitionProfiles): void {
    const j = this.judgingState();
    j.profiles.push(...part.profiles);
    j.skipped += part.skipped;
    j.sheds.push(...part.sheds);
    this.absorbed.principals += part.principals;
    this.absorbed.events += part.events;
  }

  /** This run's principals once judged, for the run that correlates the batch. */
  partitionProfiles(): PartitionProfiles {
    const e = this.evaluated;
    if (!e) throw new Error('DetectionRun.partitionProfiles called before complete');
    return { profiles: e.profiles, skipped: e.skipped, sheds: e.sheds, principals: this.judgedKeys?.length ?? 0, events: this.events };
  }

  /** Ends judging: prunes and bounds the profiles, folds the tenant; returns the identities correlation needs. */
  complete(): StateKeys {
    const j = this.judgingState();
    for (const { pb, profile } of j.work) {
      profile.firstSeen = Math.min(profile.firstSeen, pb.minTime);
      profile.lastSeen = Math.max(profile.lastSeen, pb.maxTime);
      pruneSeen(profile);
      pruneHistory(profile);
      for (const m of j.marks) markBatch(profile, m);
      const shed = boundProfile(profile);
      if (shed) j.sheds.push(shed);
    }
    // The batch's buckets, day facts and points are folded: let them go before identities are loaded and state is
    // saved (a 50,000-event batch holds ~125 MiB of them beside its loaded profiles).
    this.judgedKeys = this.keys().principals;
    this.principals.clear();
    this.bySource.clear();
    const tenantChanged = this.tenantFirst.foldInto(j.tenant) || j.tenantChanged;
    if (tenantChanged) {
      const shed = boundTenant(j.tenant);
      if (shed) j.sheds.push(shed);
    }
    const { pending, markers, profiles, skipped, sheds, tenant } = j;
    this.evaluated = { pending, markers, profiles, skipped, tenant: tenantChanged ? tenant : null, sheds };
    this.judging = undefined;
    const identities = new Set<string>([...pending.map((p) => p.signal.principal.identity), ...markers.map((m) => m.identity), ...this.chainSteps.keys()]);
    return { principals: [], identities: [...identities].sort() };
  }

  private judgingState(): NonNullable<DetectionRun['judging']> {
    if (!this.judging) throw new Error('DetectionRun: prepare must come before judging');
    return this.judging;
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
        events: this.events + this.absorbed.events,
        principals: (this.judgedKeys?.length ?? 0) + this.absorbed.principals,
        signals: pending.length,
        suppressed: corr.suppressed,
        rolledUp: corr.rolledUp,
        skippedPrincipals: skipped,
        shed: [...sheds, ...corr.shed],
      },
      expiredEntries: this.expiredEntries(),
    };
  }

  private evaluateDay(pb: PrincipalBatch, profile: Profile, day: number, peerRefs: PeerReferences, pending: PendingSignal[], markers: IdentityMarker[]): void {
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
        if (!peers.has(metric)) peers.set(metric, peerRefs.get(pb.source, profile.group, metric, profile.key));
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
      const deltas = buckets.map((b) => ({ start: b.start, value: b.value, parts: b.parts, keys: b.keys, ips: listOf(b.ip) }));
      // Relative to this day, not to the batch's last event: a batch holding later days too (a backlog, batches
      // detected together) folds each day as a batch of that day would, its buckets kept as recent ones.
      foldBuckets(profile, name, deltas, Math.min(pb.maxTime, dayStart + DAY - 1), (ms) => this.orgClock.localHour(ms));
    }
    // Also when the day was judged again only because an earlier day's late data completed its windows.
    for (const name of held) if (profile.metrics[name]?.d.includes(day)) markAlerted(metricDays(profile, name), day);
    const facts = pb.days.get(day);
    if (!facts) return; // a later day judged again for this batch's late data: nothing of its own to fold
    for (let i = 0; i < facts.hours.length; i += 2) foldActivity(profile, facts.hours[i]!, facts.hours[i + 1]!, facts.flags);
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

interface Judged {
  pb: PrincipalBatch;
  profile: Profile;
  days: Set<number>;
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
  batchId: BatchIds,
): BatchResult {
  const run = new DetectionRun(config, clock);
  for (const e of events) run.add(e);
  return run.finish(state, batchId);
}
