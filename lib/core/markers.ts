import type { IdentityMarker } from './correlation.ts';
import type { DayContext } from './detectors/types.ts';
import type { NormalizedEvent } from './event.ts';
import type { PrincipalBatch } from './principal-batch.ts';
import { idpSignals } from './idp-signals.ts';
import { hasSeen } from './profile.ts';
import { DAY, hourOf } from './time.ts';

const FAILED_LOGINS = 'auth.failed';
const COMPROMISE = 'compromise';
const LEAVING = 'leaving';
const COMPROMISE_ACTIONS = new Set(['vendor_anomaly', 'app_install', 'app_scope_change']);
/** The (principal, kind, hour) keys already marked in a run's marker list: a lookup, not a scan of every marker. */
const keptOf = new WeakMap<IdentityMarker[], Set<string>>();

const internal = (e: NormalizedEvent, ctx: { env: DayContext['env'] }): boolean => {
  const d = e.external?.domain ?? e.external?.user?.split('@').pop();
  return !d || ctx.env.config.org.internalDomains.some((i) => d === i || d.endsWith(`.${i}`));
};

/**
 * Identity markers: facts about a person that corroborate another detector's signal rather than being signals
 * themselves — signs of a compromise (≥ 3 failed logins in 24 h, a vendor session anomaly, an app new to the person)
 * data leaving the tenant (a public link, a share with an outside party) and identity-provider facts (idp-signals.ts).
 * Kept at most one per kind and hour.
 */
export const markersOfDay = {
  observe(e: NormalizedEvent, pb: PrincipalBatch): void {
    if (e.action === 'login_failed') pb.addSum(FAILED_LOGINS, e, 1);
    else if (COMPROMISE_ACTIONS.has(e.action)) pb.addPoint(COMPROMISE, e);
    else if (e.action === 'public_link' || (e.action === 'file_share' && e.external)) pb.addPoint(LEAVING, e);
    idpSignals.observe(e, pb);
  },

  judge(ctx: DayContext, out: IdentityMarker[]): void {
    const { pb, profile } = ctx;
    let kept = keptOf.get(out);
    if (!kept) keptOf.set(out, (kept = new Set(out.map((m) => `${m.principal}|${m.identity}|${m.what}|${hourOf(m.time)}`))));
    const seen = kept;
    // An IdP fact may be about another person than the actor (an admin resets someone's factors): its own identity.
    const mark = (time: number, what: string, kind: IdentityMarker['kind'], identity = pb.identity): void => {
      const key = `${pb.key}|${identity}|${what}|${hourOf(time)}`;
      if (seen.has(key)) return;
      seen.add(key);
      out.push({ identity, principal: pb.key, time, what, kind });
    };
    const failed = pb.bucketsIn(FAILED_LOGINS, ctx.dayStart - DAY, ctx.dayEnd);
    for (const b of failed) {
      if (b.start < ctx.dayStart) continue;
      const inDay = failed.filter((x) => x.start <= b.start && x.start > b.start - DAY).reduce((n, x) => n + x.value, 0);
      if (inDay >= 3) {
        mark(b.start, 'failed-logins', 'compromise');
        break;
      }
    }
    for (const { event: e } of pb.points.get(COMPROMISE) ?? []) {
      if (e.time < ctx.dayStart || e.time >= ctx.dayEnd) continue;
      const app = e.object?.name ?? e.object?.id;
      if (e.action !== 'vendor_anomaly' && app && hasSeen(profile, 'resource', app, ctx.day)) continue;
      mark(e.time, e.action === 'vendor_anomaly' ? 'vendor-anomaly' : 'new-app', 'compromise');
    }
    for (const { event: e } of pb.points.get(LEAVING) ?? []) {
      if (e.time < ctx.dayStart || e.time >= ctx.dayEnd) continue;
      if (e.action === 'file_share' && internal(e, ctx)) continue;
      mark(e.time, e.action === 'public_link' ? 'public-link' : 'external-share', 'leaving');
    }
    idpSignals.judge(ctx, (time, what, identity) => mark(time, what, 'idp', identity));
  },
};
