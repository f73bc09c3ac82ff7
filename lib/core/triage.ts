import type { Alert } from './alert.ts';
import type { DetectorEnv, Signal } from './detectors/types.ts';
import { networkOf } from './ip-match.ts';
import { hasSeen, isColdStart, isUsualHour, isUsualSlot } from './profile.ts';
import type { Profile } from './state.ts';

type Reason = Alert['escalation']['reasons'][number];
type Deescalation = NonNullable<Alert['escalation']['deescalation']>[number];

/** Tier-1 answers and escalation facts known from the principal's own profile when the signal fired. */
export interface PrincipalTriage {
  offHours: boolean;
  sourceIp: Alert['triage']['sourceIp'];
  accessedBefore: boolean;
  newResourceShare: number;
  reasons: Reason[];
  deescalation: Deescalation[];
  serviceAccount: boolean;
}

const NO_HISTORY_KINDS = new Set(['volume', 'breadth', 'first-contact']);

/** Computed with the profile as of the start of the signal's day, before that day is folded into it. */
export function principalTriage(s: Signal, profile: Profile, env: DetectorEnv): PrincipalTriage {
  const at = s.window.start;
  const offHours = !env.orgClock.businessHours(at) && !isUsualSlot(profile, env.orgClock.slot(at));
  const ip = s.evidence.ips[0] ?? null;
  const trusted = ip !== null && env.trusted.has(ip);
  const known = ip !== null && (hasSeen(profile, 'ip', ip, at) || hasSeen(profile, 'net', networkOf(ip), at));
  const objects = s.evidence.objects;
  const seenObjects = objects.filter((o) => hasSeen(profile, 'object', o, at) || hasSeen(profile, 'resource', o, at));
  const reasons: Reason[] = [];
  if (ip !== null && !trusted && !known) reasons.push('external-unknown-ip');
  if (isColdStart(profile) && NO_HISTORY_KINDS.has(s.kind)) reasons.push('no-history');
  if (s.large) reasons.push('large-export');
  if (s.kind === 'lookalike' && s.facts?.firstSeenInTenant === true) reasons.push('lookalike-partner');

  const serviceAccount = isServiceAccount(s, env);
  const deescalation: Deescalation[] = [];
  const usualPlace = ip === null || trusted || known;
  if (serviceAccount && usualPlace && isUsualHour(profile, env.orgClock.slot(at))) deescalation.push('service-account-within-habits');
  const p95 = typeof s.facts?.p95 === 'number' ? s.facts.p95 : null;
  if (!offHours && trusted && p95 !== null && s.value <= p95) deescalation.push('usual-hours-trusted-network-normal-volume');
  return {
    offHours,
    sourceIp: { ip, known, trusted },
    accessedBefore: seenObjects.length > 0,
    newResourceShare: objects.length ? round2((objects.length - seenObjects.length) / objects.length) : 0,
    reasons,
    deescalation,
    serviceAccount,
  };
}

/** Reasons a de-escalation can override; never large exports, lookalikes or signs of compromise. */
const SOFT_REASONS: ReadonlySet<Reason> = new Set<Reason>(['external-unknown-ip', 'no-history', 'open-investigation']);

/** A configured service account in its usual place and hours may move large volumes: that is what it is for. */
const SERVICE_SOFT_REASONS: ReadonlySet<Reason> = new Set<Reason>([...SOFT_REASONS, 'large-export']);

export function decideTier(reasons: readonly Reason[], deescalation: readonly Deescalation[]): 1 | 2 {
  if (reasons.length === 0) return 1;
  const soft = deescalation.includes('service-account-within-habits') ? SERVICE_SOFT_REASONS : SOFT_REASONS;
  if (deescalation.length > 0 && reasons.every((r) => soft.has(r))) return 1;
  return 2;
}

function isServiceAccount(s: Signal, env: DetectorEnv): boolean {
  const names = principalNames(s);
  return env.config.serviceAccounts.some(
    (a) => names.has(a.principal.toLowerCase()) && (a.expires === undefined || Date.parse(a.expires) + 86_400_000 > s.window.end),
  );
}

export function principalNames(s: Signal): Set<string> {
  const pb = s.principal;
  return new Set([pb.actorId, pb.email, pb.name, pb.identity, pb.key].filter((x): x is string => !!x).map((x) => x.toLowerCase()));
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
