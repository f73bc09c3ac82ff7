import type { Alert, ChainEvidence, Technique } from './alert.ts';
import { alertId } from './alert-id.ts';
import { buildAlert } from './alert-builder.ts';
import { cloneJson } from './clone-json.ts';
import type { Config } from './config.ts';
import type { Signal } from './detectors/types.ts';
import { decideTier, INDEPENDENT } from './escalation.ts';
import { ageOut, ChainSteps } from './exfil-chain.ts';
import { attachChain, chainOfRef, raiseChains } from './exfil-chain-alert.ts';
import { idpFacts } from './idp-signals.ts';
import { boundIdentity, type Shed } from './item-budget.ts';
import { namesOf } from './service-accounts.ts';
import type { ChainStep, IdentityAlertRef, IdentitySignalRef, IdentityState } from './state.ts';
import { DAY, HOUR, iso } from './time.ts';
import type { PrincipalTriage } from './triage.ts';

export interface PendingSignal {
  signal: Signal;
  triage: PrincipalTriage;
}

/** A fact about a person that corroborates signals: signs of a compromise, data leaving the tenant, an IdP fact. */
export interface IdentityMarker {
  identity: string;
  principal: string;
  time: number;
  what: string;
  kind: NonNullable<IdentitySignalRef['kind']>;
}

/**
 * An alert already published whose tier rises because a fact about the person arrived later (a compromise sign, data
 * leaving, another detector's Tier-2 alert): the driver republishes the recorded alert with this tier and reasons.
 */
export interface AlertEscalation {
  id: string;
  update: number;
  tier: 2;
  reasons: Alert['escalation']['reasons'];
  /** An exfiltration chain joined the alert (exfil-chain-alert.ts): the evidence to republish it with. */
  chain?: ChainEvidence;
  /** The identity-provider facts behind an `idp-anomaly` reason (idp-signals.ts). */
  idp?: string[];
}

export interface CorrelationResult {
  alerts: Alert[];
  escalations: AlertEscalation[];
  identities: IdentityState[];
  suppressed: number;
  rolledUp: number;
  shed: Shed[];
}

const RISK_ALERT = 100;
const DISTINCT_DETECTORS_ALERT = 3;
const MIN_COUNTED_WEIGHT = 10;
const CORROBORATED_ALONE = 3;
/** An alert is published again when its volume grows this much, or its tier rises, or it becomes large. */
const UPDATE_GROWTH = 5;
/** Collection fades in a day; reconnaissance and configuration changes matter for three. */
const halfLife = (technique: string): number => (technique === 'T1591.002' ? 72 * HOUR : 24 * HOUR);

/**
 * Signals → alerts, in time order across all principals of the batch, per identity (one person across sources).
 * High-confidence signals alert alone — one alert per (detector, principal, day), later windows roll up into it and
 * it is published again as an update when it grows materially. Other signals add to a decaying risk sum and alert at
 * ≥ 100 or on ≥ 3 distinct detectors in 72 h: one correlated alert per (technique, person, day), so reconnaissance is
 * never folded into a collection alert. Identity state is merged idempotently: a retried batch adds nothing twice.
 */
export function correlate(
  pending: PendingSignal[],
  markers: IdentityMarker[],
  identities: ReadonlyMap<string, IdentityState>,
  config: Config,
  chainSteps: ReadonlyMap<string, readonly ChainStep[]> = new Map(),
): CorrelationResult {
  const touched = new Map<string, IdentityState>();
  const state = (key: string): IdentityState => {
    let s = touched.get(key);
    if (!s) {
      const prev = identities.get(key);
      s = prev ? cloneJson(prev) : { key, version: 0, alerts: [], signals: [] };
      touched.set(key, s);
    }
    return s;
  };
  for (const [identity, steps] of chainSteps) {
    const s = state(identity);
    s.chain = ageOut(new ChainSteps([...(s.chain ?? []), ...steps]).list());
  }
  for (const m of markers) addSignal(state(m.identity), { detector: m.what, technique: '', weight: 0, time: m.time, principal: m.principal, kind: m.kind });

  const alerts: Alert[] = [];
  let suppressed = 0;
  let rolledUp = 0;
  const ordered = [...pending].sort(
    (a, b) => a.signal.window.end - b.signal.window.end || cmp(a.signal.detector, b.signal.detector) || cmp(a.signal.principal.key, b.signal.principal.key),
  );
  for (const { signal: s, triage } of ordered) {
    if (isSuppressed(s, config)) {
      suppressed++;
      continue;
    }
    const id = state(s.principal.identity);
    const t = s.window.end;
    const person = identityFacts(id, s, t);
    const reasons = [...triage.reasons, ...person.reasons];
    // Judged without own history and not large: it alerts alone only with an independent fact. A weak signal with
    // three facts of the person's own (a new tool, from a new network, at night) is evidence enough on its own.
    const alone = s.highConfidence
      ? !s.needsCorroboration || reasons.some((r) => INDEPENDENT.has(r))
      : triage.reasons.filter((r) => INDEPENDENT.has(r)).length >= CORROBORATED_ALONE;
    // A signal that alerts alone is that alert's evidence; it does not feed the risk of later weak signals too.
    addSignal(id, { detector: s.detector, technique: s.technique, weight: alone ? 0 : s.weight, time: t, principal: s.principal.key });
    const day = s.day ?? t - (t % DAY);
    if (alone) {
      emit(id, s, triage, person, alertId(s.detector, s.principal.key, day), t);
      continue;
    }
    // A weak signal: does the person's risk cross now — or, when it arrived late, at a later signal it now adds to?
    const crossing = [t, ...id.signals.filter((x) => x.kind === undefined && x.weight > 0 && x.time > t && x.time - t <= 72 * HOUR).map((x) => x.time).sort((a, b) => a - b)];
    for (const at of crossing) {
      const correlated = weakCorrelation(id, at);
      if (!correlated) continue;
      const atDay = at === t ? day : at - (at % DAY);
      // The correlated alert stands for all its signals: a vendor anomaly among them corroborates the others.
      const together = identityFacts(id, { detector: 'correlated', kind: s.kind }, at);
      emit(id, s, triage, together, alertId(`correlated:${s.technique}`, s.principal.identity, atDay), at, correlated);
      break;
    }
  }

  /** Records an alert (new, an update, or a roll-up into one already published) for the signal at time `at`. */
  function emit(
    id: IdentityState, s: Signal, triage: PrincipalTriage, person: ReturnType<typeof identityFacts>, aid: string, at: number,
    correlated?: { detectors: string[]; techniques: Technique[] },
  ): void {
    const existing = id.alerts.find((a) => a.id === aid);
    if (!existing && correlated) {
      // Someone alerted on in the last 24 h for the same technique: the weak signal is context for that alert.
      const open = id.alerts.find((a) => a.technique === s.technique && a.time <= at && at - a.time <= DAY);
      if (open) {
        open.rollup += 1;
        rolledUp++;
        return;
      }
    }
    const related = id.alerts.filter((a) => a.id !== aid && a.time <= at && at - a.time <= 7 * DAY).map((a) => a.id).slice(-10);
    const alert = buildAlert(aid, s, triage, { recentAlerts: related.length, reasons: person.reasons, compromise: person.compromise, idp: person.idp }, correlated, related);
    if (at !== s.window.end) alert.window.end = iso(at); // late data completed a chain that crossed later
    if (existing) {
      if (!material(existing, alert, s)) {
        existing.rollup += 1 + s.rollup;
        rolledUp++;
        return;
      }
      existing.update = (existing.update ?? 0) + 1;
      alert.update = existing.update;
      const chain = chainOfRef(id, existing, config);
      if (chain) attachChain(alert, chain); // an update keeps the chain the alert carries
      alert.rollup = existing.rollup + s.rollup;
      Object.assign(existing, { tier: Math.max(existing.tier, alert.escalation.tier), value: Math.max(existing.value ?? 0, s.value), large: existing.large || s.large === true });
      alerts.push(alert);
      return;
    }
    alerts.push(alert);
    const ref: IdentityAlertRef = {
      id: aid, detector: s.detector, technique: s.technique, tier: alert.escalation.tier, time: at, principal: s.principal.key,
      rollup: s.rollup, value: s.value,
    };
    if (s.large) ref.large = true;
    ref.reasons = alert.escalation.reasons;
    ref.kind = s.kind;
    if (alert.escalation.deescalation) ref.deescalation = alert.escalation.deescalation;
    id.alerts.push(ref);
  }

  // Facts about a person can arrive after an alert they corroborate (another stream, a late batch): raise its tier.
  const escalations: AlertEscalation[] = [];
  for (const id of touched.values()) raiseChains(id, alerts, escalations, config);
  for (const id of touched.values()) {
    for (const ref of id.alerts) {
      if (ref.tier === 2 || !ref.reasons || !ref.kind) continue;
      const facts = identityFacts(id, { detector: ref.detector, kind: ref.kind as Signal['kind'] }, ref.time);
      const reasons = [...new Set([...ref.reasons, ...facts.reasons])] as Alert['escalation']['reasons'];
      if (decideTier(reasons, (ref.deescalation ?? []) as Deescalation[], ref.kind as Signal['kind']) < 2) continue;
      ref.tier = 2;
      ref.reasons = reasons;
      ref.update = (ref.update ?? 0) + 1;
      escalations.push({ id: ref.id, update: ref.update, tier: 2, reasons, ...(facts.idp.length ? { idp: facts.idp } : {}) });
    }
  }

  const shed: Shed[] = [];
  for (const s of touched.values()) {
    const x = boundIdentity(s);
    if (x) shed.push(x);
  }
  return { alerts, escalations, identities: [...touched.values()], suppressed, rolledUp, shed };
}

/** Signals are kept once per (detector, principal, time): a retried or re-delivered batch adds nothing. */
function addSignal(id: IdentityState, ref: IdentitySignalRef): void {
  if (id.signals.some((x) => x.time === ref.time && x.detector === ref.detector && x.principal === ref.principal)) return;
  id.signals.push(ref);
}

/** Facts about the person, not the signal: a compromise sign before it, data leaving around it, another open alert. */
function identityFacts(id: IdentityState, s: Pick<Signal, 'detector' | 'kind'>, t: number): { reasons: PrincipalTriage['reasons']; compromise: string[]; idp: string[] } {
  const reasons: PrincipalTriage['reasons'] = [];
  // A vendor anomaly does not corroborate itself: its own marker (same principal, its hour) is not counted for it.
  const own = (x: IdentitySignalRef): boolean => s.detector.endsWith('vendor-anomaly') && x.detector === 'vendor-anomaly' && t - x.time <= HOUR;
  const compromise = [...new Set(id.signals.filter((x) => x.kind === 'compromise' && x.time <= t && t - x.time <= DAY && !own(x)).map((x) => x.detector))];
  if (compromise.length) reasons.push('corroborating-compromise');
  // Data leaving the tenant corroborates collection, not the public link or share that is itself the leaving.
  if (s.detector !== 'chat.public-link' && id.signals.some((x) => x.kind === 'leaving' && Math.abs(x.time - t) <= DAY)) {
    reasons.push('data-leaving');
  }
  // Another detector's Tier-2 alert of the last 7 days; never the alert's own repeats. (A habit within itself raises no
  // signal, and a service account within its habits is de-escalated whatever this adds.)
  if (id.alerts.some((a) => a.tier === 2 && a.detector !== s.detector && a.time <= t && t - a.time <= 7 * DAY)) {
    reasons.push('open-investigation');
  }
  const idp = idpFacts(id.signals, s.kind, t);
  if (idp.length) reasons.push('idp-anomaly');
  return { reasons, compromise, idp };
}

/**
 * Risk of the person's weak signals up to `t`: alerts at ≥ 100, or on ≥ 3 detectors still weighing ≥ 10. Each
 * detector counts once, at its strongest decayed weight: the same weak signal day after day is a pattern of work,
 * not mounting evidence.
 */
function weakCorrelation(id: IdentityState, t: number): { detectors: string[]; techniques: Technique[] } | undefined {
  const strongest = new Map<string, { detector: string; technique: string; w: number }>();
  for (const x of id.signals) {
    if (x.kind !== undefined || x.time > t || t - x.time > 72 * HOUR) continue;
    const w = x.weight * 0.5 ** ((t - x.time) / halfLife(x.technique));
    const prev = strongest.get(x.detector);
    if (!prev || w > prev.w) strongest.set(x.detector, { detector: x.detector, technique: x.technique, w });
  }
  const decayed = [...strongest.values()];
  const risk = decayed.reduce((sum, x) => sum + x.w, 0);
  const counted = decayed.filter((x) => x.w >= MIN_COUNTED_WEIGHT);
  const detectors = new Set(counted.map((x) => x.detector));
  if (risk < RISK_ALERT && detectors.size < DISTINCT_DETECTORS_ALERT) return undefined;
  return { detectors: [...detectors].sort(), techniques: [...new Set(counted.map((x) => x.technique as Technique))].sort() };
}

/** Grew enough to publish again: a higher tier, becoming large, or five times the volume published. */
function material(prev: IdentityAlertRef, next: Alert, s: Signal): boolean {
  if (next.escalation.tier > prev.tier) return true;
  if (s.large && !prev.large) return true;
  return (prev.value ?? 0) > 0 && s.value >= UPDATE_GROWTH * prev.value!;
}

/** Scoped (detector + principal), expiring suppressions; an expired entry no longer applies. */
function isSuppressed(s: Signal, config: Config): boolean {
  if (config.suppressions.length === 0) return false;
  const names = namesOf(s.principal);
  return config.suppressions.some(
    (x) => (x.detector === s.detector || x.detector === '*') && names.has(x.principal.toLowerCase()) && Date.parse(x.expires) + DAY > s.window.end,
  );
}

type Deescalation = NonNullable<Alert['escalation']['deescalation']>[number];

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
