import type { Alert } from './alert.ts';
import type { DayContext, Signal } from './detectors/types.ts';
import { networkOf } from './ip-match.ts';
import { BUCKET_MS } from './time.ts';
import { activeDaysBefore, COLD_START_DAYS, hasSeen, isUsualHour, isUsualSlot } from './profile.ts';

type Reason = Alert['escalation']['reasons'][number];
type Deescalation = NonNullable<Alert['escalation']['deescalation']>[number];

/** Tier-1 answers and escalation facts known from the principal's own profile when the signal fired. */
export interface PrincipalTriage {
  offHours: boolean;
  sourceIp: Alert['triage']['sourceIp'];
  accessedBefore: boolean;
  newResourceShare: number;
  /** How much own history the principal had: none, short (cold start) or enough for its own baseline. */
  history: 'none' | 'short' | 'own';
  /** Facts from the principal's own activity: large, unknown network, off-hours, new tool, high-confidence kinds. */
  reasons: Reason[];
  deescalation: Deescalation[];
  serviceAccount: boolean;
  serviceLike: boolean;
}

/** Computed with the profile as of the start of the signal's day, before that day is folded into it. */
export function principalTriage(s: Signal, ctx: DayContext): PrincipalTriage {
  const { profile, env } = ctx;
  // Off-hours is about when the activity happened: the buckets that completed the day's firing windows, not the start
  // of a 24 h span.
  const at = Math.max(s.window.start, s.window.end - BUCKET_MS);
  const localDay = env.orgClock.localDay(at);
  const offHoursAt = (t: number): boolean => !env.orgClock.businessHours(t) && !isUsualSlot(profile, env.orgClock.localDay(t), env.orgClock.localHour(t));
  const offHours = s.firings ? s.firings.some((end) => offHoursAt(end - BUCKET_MS)) : offHoursAt(at);
  // The window's most telling source: a network neither trusted nor known for the person, else an untrusted one.
  const isKnown = (x: string): boolean => hasSeen(profile, 'ip', x, ctx.day) || hasSeen(profile, 'net', networkOf(x), ctx.day);
  const rank = (x: string): number => (env.trusted.has(x) ? 2 : isKnown(x) ? 1 : 0);
  const ip = [...s.evidence.ips].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))[0] ?? null;
  const trusted = ip !== null && env.trusted.has(ip);
  const known = ip !== null && isKnown(ip);
  const objects = s.evidence.objects;
  const seenObjects = objects.filter((o) => hasSeen(profile, 'object', o, ctx.day) || hasSeen(profile, 'resource', o, ctx.day));
  const days = activeDaysBefore(profile, localDay);
  const reasons: Reason[] = [];
  if (s.large) reasons.push(s.detector === 'crm.honeytoken' ? 'honeytoken' : 'large-export');
  if (s.kind === 'lookalike' && s.facts?.firstSeenInTenant === true) reasons.push('lookalike-partner');
  if (s.kind === 'export' && s.facts?.unusual === true) reasons.push('unusual-bulk-export');
  // For someone without history every network and tool is new: that is no history, never a reason by itself.
  if (days > 0 && ip !== null && !trusted && !known) reasons.push('external-unknown-ip');
  if (offHours) reasons.push('off-hours');
  if (days > 0 && newClientToday(ctx, s.window.end)) reasons.push('new-client');

  const serviceAccount = ctx.serviceAccount;
  const deescalation: Deescalation[] = [];
  const usualPlace = ip === null || trusted || known;
  // Within habits: its usual place and hour, and not a deviation from its own envelope.
  const deviation = s.facts?.basis === 'service-envelope' || s.facts?.basis === 'habit';
  if ((serviceAccount || ctx.serviceLike) && usualPlace && !deviation && isUsualHour(profile, localDay, env.orgClock.localHour(at))) {
    deescalation.push('service-account-within-habits');
  }
  const p95 = typeof s.facts?.p95 === 'number' ? s.facts.p95 : null;
  if (!offHours && trusted && p95 !== null && s.value <= p95) deescalation.push('usual-hours-trusted-network-normal-volume');
  return {
    offHours,
    sourceIp: { ip, known, trusted },
    accessedBefore: seenObjects.length > 0,
    newResourceShare: objects.length ? round2((objects.length - seenObjects.length) / objects.length) : 0,
    history: days === 0 ? 'none' : days < COLD_START_DAYS ? 'short' : 'own',
    reasons,
    deescalation,
    serviceAccount,
    serviceLike: ctx.serviceLike,
  };
}

/** A programmatic client (API tool, script, connected app) this principal used for the first time that day, by `until`. */
function newClientToday(ctx: DayContext, until: number): boolean {
  const clients = ctx.pb.days.get(ctx.day)?.seen.get('client');
  if (!clients) return false;
  const first = ctx.pb.firstUse('client');
  for (const c of clients) {
    if (hasSeen(ctx.profile, 'client', c, ctx.day)) continue;
    const t = first.get(c);
    if (t === undefined || t <= until) return true;
  }
  return false;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
