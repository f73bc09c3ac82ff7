import type { NormalizedEvent } from '../event.ts';
import type { PrincipalBatch } from '../principal-batch.ts';
import { activeDaysBefore, hasSeen } from '../profile.ts';
import { HOUR, dayOf } from '../time.ts';
import { hourlyPointSignals } from './point-signals.ts';
import type { Detector, DetectorEnv, Signal } from './types.ts';
import { referenceLabel, windowedVolume } from './windowed-volume.ts';

const ID = 'recon.partner-objects';
const METRIC = 'partner.records';
/** Settled active days after which a first partner read is news rather than a newcomer's first week. */
const HISTORY_DAYS = 1;

const partnerEntities = (e: NormalizedEvent, env: DetectorEnv): string[] => {
  if ((e.source !== 'salesforce' && e.app !== 'dynamics365') || !e.entities) return [];
  const wanted = env.config.detectors[ID].objects;
  return e.entities.filter((x) => wanted.includes(x.toLowerCase()));
};

/**
 * T1591.002: CRM reads of the partner graph (Account, Partner, AccountPartner, OpportunityPartner, Contract,
 * Competitor, Opportunity; Dynamics account/competitor/opportunity): records per hour vs the principal's habit, and
 * a first-ever partner read by someone whose history has none.
 */
export const reconPartnerObjects: Detector = {
  id: ID,
  technique: 'T1591.002',
  observe(e: NormalizedEvent, pb: PrincipalBatch, env): void {
    if (e.outcome === 'failure') return;
    const ents = partnerEntities(e, env);
    if (!ents.length) return;
    pb.addSum(METRIC, e, Math.max(1, e.count ?? 1), ents[0]);
    pb.see(pb.day(dayOf(e.time)), 'partnerRead', 'crm');
    pb.addPointOnce(ID, ents[0]!.toLowerCase(), e, { object: ents[0] }, undefined, 'day'); // for the first-ever read only
  },
  evaluateDay(ctx) {
    const p = ctx.env.config.detectors[ID];
    if (!p.enabled) return [];
    const out: Signal[] = windowedVolume(ctx, {
      detector: ID, technique: 'T1591.002', metric: METRIC, windowMs: HOUR, floor: p.minRecordsPerHour,
      coldFloor: p.minRecordsPerHour, z: p.z, kind: 'breadth', weight: 45, highConfidence: false,
      title: (w, v) => `CRM partner graph: ${w.value.toLocaleString('en-US')} partner/account records read in 1 h (${referenceLabel(v, '/h')})`,
    });
    // First partner reads by a principal with some history but none of these reads: novelty. With a volume above
    // its peers' on the same day it is reconnaissance of the partner graph by someone who never looked at it: an alert.
    if (activeDaysBefore(ctx.profile, ctx.localDay) >= HISTORY_DAYS && !hasSeen(ctx.profile, 'partnerRead', 'crm', ctx.day)) {
      const volume = out[0];
      if (volume) {
        volume.highConfidence = true;
        volume.weight = 70;
        volume.title += ' — first partner-graph reads by this user';
        volume.facts = { ...volume.facts, firstEver: true };
        return out;
      }
      let done = false;
      out.push(...hourlyPointSignals(ctx, ID, 'T1591.002', (points) => {
        if (done) return undefined;
        done = true;
        return {
          kind: 'first-contact', weight: 35, highConfidence: false,
          title: `CRM partner graph: first read of ${[...new Set(points.map((x) => x.facts.object as string))].join(', ')} by this user`,
          value: points.length, baseline: 0, z: null, facts: { firstEver: true },
        };
      }));
    }
    return out;
  },
};
