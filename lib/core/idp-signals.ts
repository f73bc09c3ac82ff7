import type { DayContext, SignalKind } from './detectors/types.ts';
import type { NormalizedEvent } from './event.ts';
import { networkOf } from './ip-match.ts';
import type { PrincipalBatch } from './principal-batch.ts';
import { seenKey, settledBefore } from './profile.ts';
import type { IdentitySignalRef } from './state.ts';
import { capList } from './text.ts';
import { dayOf, HOUR } from './time.ts';

/**
 * Identity-provider facts (Okta System Log, Entra ID in the M365 audit log) as corroboration: an MFA factor reset or
 * enrolment, a sign-in the IdP itself calls risky or from a new device or place, a sign-in from an ASN new to the
 * person, an admin role granted, an API token created. Each becomes an `idp` identity marker on the person whose account
 * it is about; markers never alert alone (correlation.ts turns only detector signals into alerts). A CRM or messaging
 * alert of that person in the following IDP_WINDOW gets the Tier-2 reason `idp-anomaly`, naming the facts
 * (`evidence.facts.idp`); a fact arriving in a later batch raises an alert already published (correlation escalations).
 */
export const IDP_WINDOW = 24 * HOUR;
/** An alert names at most this many facts, the latest first: a hostile IdP stream cannot swell an alert. */
const MAX_NAMED = 10;

const IDP_APPS = new Set(['okta', 'entra']);
/** Facts worth a marker whatever the person's history. */
const FACT_ACTIONS = new Set(['mfa_change', 'role_change', 'api_token_created']);
const FACTS = 'idp.fact';
const ASNS = 'idp.asn';
const NETS = 'idp.net';
const ASN_SET = 'asn';
/** The engine's first-seen set of the principal's /24 (or /48) networks, keyed by networkOf. */
const NET_SET = 'net';

type Mark = (time: number, what: string, identity: string) => void;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** Entra "Remove member from role" is a role_change too; only grants corroborate. */
const isGrant = (e: NormalizedEvent): boolean => e.action !== 'role_change' || !/remove|revoke/i.test(e.vendorAction);

/** What the IdP itself says about a sign-in: new device, new place, medium or high risk. */
function vendorFlags(e: NormalizedEvent): string[] {
  const d = e.details;
  if (!d) return [];
  const out: string[] = [];
  if (d['newDevice'] === true) out.push('new device');
  if (d['newGeo'] === true) out.push('new location');
  if (d['risk'] === 'high' || d['risk'] === 'medium') out.push(`${d['risk']} risk`);
  return out;
}

/** The identity a fact is about: the person whose factors or roles changed (details.subject), else the actor. */
function subjectIdentity(e: NormalizedEvent, pb: PrincipalBatch): string {
  const subject = str(e.details?.['subject']);
  if (!subject) return pb.identity;
  return subject.includes('@') ? subject.toLowerCase() : `${e.source}:${subject}`;
}

export const idpSignals = {
  /** Per event: cheap checks; IdP sign-ins also feed the person's ASN first-seen set. */
  observe(e: NormalizedEvent, pb: PrincipalBatch): void {
    if (!IDP_APPS.has(e.app) || e.outcome === 'failure') return;
    if (FACT_ACTIONS.has(e.action)) {
      if (isGrant(e)) pb.addPoint(FACTS, e);
      return;
    }
    if (e.action !== 'login') return;
    if (vendorFlags(e).length) pb.addPoint(FACTS, e);
    const asn = str(e.details?.['asn']);
    if (asn) {
      pb.see(pb.day(dayOf(e.time)), ASN_SET, asn);
      // One point per ASN and day: a busy person's hundred sign-ins keep one event each.
      pb.addPointOnce(ASNS, asn, e, {}, undefined, 'day');
    } else if (e.src?.ip) {
      // Entra sign-ins in the M365 audit log name no ASN: the network new to the person stands in for it.
      pb.addPointOnce(NETS, networkOf(e.src.ip), e, {}, undefined, 'day');
    }
  },

  judge(ctx: DayContext, mark: Mark): void {
    const { pb, profile } = ctx;
    const inDay = (e: NormalizedEvent): boolean => e.time >= ctx.dayStart && e.time < ctx.dayEnd;
    for (const { event: e } of pb.points.get(FACTS) ?? []) {
      if (!inDay(e)) continue;
      const flags = e.action === 'login' ? vendorFlags(e) : [];
      mark(e.time, name(e, flags), subjectIdentity(e, pb));
    }
    // A new ASN or network counts only for a person with settled history of them: no history is never a reason.
    const settled = (set: string) => {
      const seen = profile.seen[set];
      return seen && seen.f.some((f) => f <= settledBefore(ctx.day)) ? seen : undefined;
    };
    const asns = settled(ASN_SET);
    for (const { event: e } of asns ? pb.points.get(ASNS) ?? [] : []) {
      const asn = str(e.details?.['asn'])!;
      if (inDay(e) && !asns!.v.includes(seenKey(ASN_SET, asn))) mark(e.time, name(e, [`new ASN ${asn}`]), pb.identity);
    }
    const nets = settled(NET_SET);
    for (const { event: e } of nets ? pb.points.get(NETS) ?? [] : []) {
      const net = networkOf(e.src!.ip!);
      if (inDay(e) && !nets!.v.includes(net)) mark(e.time, name(e, [`new network ${net}`]), pb.identity);
    }
  },
};

/** `okta user.session.start (new device, high risk)`: the app, the vendor's event name and why it counts. */
const name = (e: NormalizedEvent, why: string[]): string => `${e.app} ${e.vendorAction}${why.length ? ` (${why.join(', ')})` : ''}`;

/**
 * The IdP facts that corroborate a signal of `kind` ending at `t`: markers of the person in the IDP_WINDOW before it.
 * A compromise-kind signal (a vendor anomaly) is itself a compromise sign and gets none.
 */
export function idpFacts(signals: readonly IdentitySignalRef[], kind: SignalKind | undefined, t: number): string[] {
  if (kind === 'compromise') return [];
  const facts = signals.filter((x) => x.kind === 'idp' && x.time <= t && t - x.time <= IDP_WINDOW).sort((a, b) => b.time - a.time);
  return capList([...new Set(facts.map((x) => x.detector))], MAX_NAMED);
}
