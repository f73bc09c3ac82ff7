import { shortHash } from '../short-hash.ts';
import type { PeerMetric, Profile, TenantState } from '../state.ts';
import { percentile } from './sample-stats.ts';

/** Members kept per group and metric: a deterministic sample (smallest digests), so any order keeps the same members. */
export const PEER_MEMBERS_CAP = 16;
/** A group's reference needs this many members; below it the org's (all groups of the source) is used. */
const MIN_MEMBERS = 3;
/** Days of the metric a member needs before it speaks for its group. */
const MIN_MEMBER_DAYS = 2;
/** The org-wide pseudo-group. */
export const ORG_GROUP = 'org';

/** A reference "busy day" and "busy hour" of people like this principal, and which baseline it is. */
export interface PeerReference {
  kind: string; // `peers:<group>` or `org`
  day: number;
  peak: number;
  members: number;
}

const groupKey = (source: string, group: string): string => `${source}/${group}`;

/**
 * The P75 of the members' own P95s: what a busy day looks like for people in the group (one heavy user does not
 * make everyone look heavy). The principal's group when it has enough members,
 * else the source's whole org, else none.
 *
 * Over one tenant's groups as they stand: a group's members and a source's merged org sample are worked out once
 * for every principal and metric judged against them, and again after `changed()` (the groups took contributions).
 */
export class PeerReferences {
  /** Group key → its members in any metric. */
  private readonly members = new Map<string, Set<string>>();
  /** Source → members of any of its groups in any metric, and each metric's samples of all its groups together. */
  private readonly orgs = new Map<string, { members: Set<string>; metrics: Map<string, PeerMetric> }>();
  /** Scope and metric → the reference of a principal outside the sample. */
  private readonly outsiders = new Map<string, Reference | null>();

  constructor(private readonly tenant: TenantState) {}

  changed(): void {
    this.members.clear();
    this.orgs.clear();
    this.outsiders.clear();
  }

  get(source: string, group: string | undefined, metric: string, self: string): PeerReference | null {
    const peers = this.tenant.peers;
    if (!peers) return null;
    const me = shortHash(self);
    if (group && group !== ORG_GROUP) {
      const key = groupKey(source, group);
      const metrics = peers[key];
      const ref = metrics && this.reference(key, metric, metrics[metric] ?? EMPTY, this.groupMembers(key, metrics), me);
      if (ref) return { kind: `peers:${group}`, ...ref };
    }
    const org = this.org(peers, source);
    const ref = this.reference(`${source}\n`, metric, org.metrics.get(metric) ?? EMPTY, org.members, me);
    return ref ? { kind: ORG_GROUP, ...ref } : null;
  }

  /** A sample's reference for `me`; the same for everyone outside the sample (most principals), so kept for them. */
  private reference(scope: string, metric: string, g: PeerMetric, members: ReadonlySet<string>, me: string): Reference | null {
    if (members.has(me)) return reference(g, me, members.size - 1);
    const key = `${scope}\n${metric}`;
    let ref = this.outsiders.get(key);
    if (ref === undefined) this.outsiders.set(key, (ref = reference(g, me, members.size)));
    return ref;
  }

  private groupMembers(key: string, metrics: Record<string, PeerMetric>): Set<string> {
    let all = this.members.get(key);
    if (!all) {
      all = new Set();
      for (const g of Object.values(metrics)) for (const m of g.m) all.add(m);
      this.members.set(key, all);
    }
    return all;
  }

  private org(peers: NonNullable<TenantState['peers']>, source: string): { members: Set<string>; metrics: Map<string, PeerMetric> } {
    let org = this.orgs.get(source);
    if (org) return org;
    org = { members: new Set(), metrics: new Map() };
    const prefix = `${source}/`;
    for (const [k, metrics] of Object.entries(peers)) {
      if (!k.startsWith(prefix)) continue;
      for (const [metric, g] of Object.entries(metrics)) {
        for (const m of g.m) org.members.add(m);
        let merged = org.metrics.get(metric);
        if (!merged) org.metrics.set(metric, (merged = { m: [], d: [], h: [] }));
        merged.m.push(...g.m);
        merged.d.push(...g.d);
        merged.h.push(...g.h);
      }
    }
    this.orgs.set(source, org);
    return org;
  }
}

const EMPTY: PeerMetric = { m: [], d: [], h: [] };

type Reference = Omit<PeerReference, 'kind'>;

function reference(g: PeerMetric, self: string, population: number): Reference | null {
  const days: number[] = [];
  const peaks: number[] = [];
  for (let i = 0; i < g.m.length; i++) {
    if (g.m[i] === self) continue; // judged against others, not against its own early days
    days.push(g.d[i]!);
    peaks.push(g.h[i]!);
  }
  // Enough people, but (almost) none of them do this at all: the reference is zero.
  if (days.length < MIN_MEMBERS) return population >= MIN_MEMBERS ? { day: 0, peak: 0, members: population } : null;
  days.sort((a, b) => a - b);
  peaks.sort((a, b) => a - b);
  return { day: percentile(days, 75)!, peak: percentile(peaks, 75)!, members: days.length };
}

/** One member's reference for one metric of its group: what `applyPeerContributions` puts into the tenant item. */
export interface PeerContribution {
  group: string; // `${source}/${group}`
  metric: string;
  member: string; // shortHash of the principal key
  d: number;
  h: number;
}

/**
 * A principal's history of each metric up to `throughDay`, as its group's reference: the P95 of its day totals and
 * busiest hours, rounded to two significant digits (small changes do not rewrite the tenant item). Unlike a
 * principal's own baseline it includes unsettled days: a new deployment needs peers within days, and a peer reference
 * is a coarse figure that a late batch barely moves.
 *
 * Metrics whose sample in `peers` (the tenant's groups as they stand) the principal can never join are left out: a
 * group keeps only its PEER_MEMBERS_CAP smallest digests, so nearly every principal's contribution would be dropped.
 */
export function peerContributions(profile: Profile, throughDay: number, peers?: TenantState['peers']): PeerContribution[] {
  const group = groupKey(profile.source, profile.group ?? ORG_GROUP);
  const samples = peers?.[group];
  const member = shortHash(profile.key);
  const out: PeerContribution[] = [];
  for (const [metric, m] of Object.entries(profile.metrics)) {
    if (!mayJoin(samples?.[metric], member)) continue;
    const alerted = m.a ?? [];
    const totals: number[] = [];
    const peaks: number[] = [];
    for (let i = 0; i < m.d.length; i++) {
      if (m.d[i]! > throughDay || m.v[i]! <= 0 || alerted.includes(m.d[i]!)) continue;
      totals.push(m.v[i]!);
      peaks.push(m.p[i]!);
    }
    if (totals.length < MIN_MEMBER_DAYS) continue;
    totals.sort((a, b) => a - b);
    peaks.sort((a, b) => a - b);
    out.push({ group, metric, member, d: round2(percentile(totals, 95)!), h: round2(percentile(peaks, 95)!) });
  }
  return out;
}

/**
 * Whether `member` is in a sample or could enter it: a full sample only ever swaps its largest digest for a smaller
 * one (upsert), so a member that sorts after the largest is dropped now and by every later contribution too.
 */
function mayJoin(g: PeerMetric | undefined, member: string): boolean {
  return !g || g.m.length < PEER_MEMBERS_CAP || member <= g.m[g.m.length - 1]!;
}

/**
 * Puts contributions into the tenant's groups. Commutative across members (each member's sample slot is kept by
 * digest order), so partitions of one batch applied in any order give the same item. Returns whether anything changed.
 */
export function applyPeerContributions(tenant: TenantState, contributions: readonly PeerContribution[]): boolean {
  let changed = false;
  for (const c of contributions) {
    const group = ((tenant.peers ??= {})[c.group] ??= {});
    const g = (group[c.metric] ??= { m: [], d: [], h: [] });
    changed = upsert(g, c.member, c.d, c.h) || changed;
  }
  return changed;
}

function upsert(g: PeerMetric, me: string, d: number, h: number): boolean {
  let i = 0;
  while (i < g.m.length && g.m[i]! < me) i++;
  if (g.m[i] === me) {
    if (g.d[i] === d && g.h[i] === h) return false;
    g.d[i] = d;
    g.h[i] = h;
    return true;
  }
  if (i >= PEER_MEMBERS_CAP) return false; // the sample is full of smaller digests
  g.m.splice(i, 0, me);
  g.d.splice(i, 0, d);
  g.h.splice(i, 0, h);
  if (g.m.length > PEER_MEMBERS_CAP) {
    g.m.length = PEER_MEMBERS_CAP;
    g.d.length = PEER_MEMBERS_CAP;
    g.h.length = PEER_MEMBERS_CAP;
  }
  return true;
}

/** Two significant digits. */
function round2(x: number): number {
  if (x <= 0) return 0;
  const mag = 10 ** Math.floor(Math.log10(x) - 1);
  return Math.round(x / mag) * mag;
}
