import type { NormalizedEvent } from '../event.ts';
import type { PrincipalBatch } from '../principal-batch.ts';
import { hasSeen } from '../profile.ts';
import { HOUR, dayOf } from '../time.ts';
import { hourlyPointSignals } from './point-signals.ts';
import type { Detector, DetectorEnv, Signal } from './types.ts';
import { windowedVolume } from './windowed-volume.ts';

const ID = 'recon.partner-objects';
const METRIC = 'partner.records';

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
      coldFloor: Number.POSITIVE_INFINITY, z: p.z, kind: 'breadth', weight: 45, highConfidence: false,
      title: (w, b) => `CRM partner graph: ${w.value.toLocaleString('en-US')} partner/account records read in 1 h (usual ${b.hourMean === null ? 'unknown' : Math.round(b.hourMean)})`,
    });
    // First partner read by a principal with history but none of these reads: novelty, reported once.
    if (!ctx.coldStart && !hasSeen(ctx.profile, 'partnerRead', 'crm', ctx.dayStart)) {
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
