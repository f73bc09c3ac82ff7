import type { NormalizedEvent } from '../event.ts';
import type { PrincipalBatch } from '../principal-batch.ts';
import { hasSeen } from '../profile.ts';
import { dayOf } from '../time.ts';
import { hourlyPointSignals } from './point-signals.ts';
import { volumeJudge } from './volume-judge.ts';
import { referenceLabel } from './windowed-volume.ts';
import type { Detector } from './types.ts';

const ID = 'crm.report-export';
const EXPORTS = 'crm.exports';
const isCrmExport = (e: NormalizedEvent): boolean => e.action === 'export' && (e.source === 'salesforce' || e.app === 'dynamics365');

/**
 * T1213.004: report exports (ELF `ReportExport` has no row count) and Dynamics exports. A first export ever, from an
 * untrusted IP or off-hours, is a signal; so is an export count far above the principal's daily habit.
 */
export const crmReportExport: Detector = {
  id: ID,
  technique: 'T1213.004',
  observe(e: NormalizedEvent, pb: PrincipalBatch): void {
    if (!isCrmExport(e)) return;
    pb.addSum(EXPORTS, e, 1, e.object?.name ?? e.entities?.[0]);
    pb.addPointOnce(ID, 'export', e, { count: 1 }, (f) => void (f.count = (f.count as number) + 1));
    pb.see(pb.day(dayOf(e.time)), 'export', 'crm');
  },
  evaluateDay(ctx) {
    const p = ctx.env.config.detectors[ID];
    if (!p.enabled) return [];
    const firstEver = !hasSeen(ctx.profile, 'export', 'crm', ctx.day);
    const judge = volumeJudge(ctx, EXPORTS, { floor: p.minExportsPerDay, coldFloor: p.minExportsPerDay, z: p.z, daily: true });
    let running = 0; // exports so far today: the signal lands in the hour the count crosses the line
    let emitted = false;
    return hourlyPointSignals(ctx, ID, 'T1213.004', (points, start) => {
      running += points.reduce((n, x) => n + (x.facts.count as number), 0);
      if (emitted) return undefined;
      const e = points[0]!.event;
      const risky = !ctx.env.trusted.has(e.src?.ip) || !ctx.env.orgClock.businessHours(start);
      if (firstEver && risky) {
        emitted = true;
        return { kind: 'first-contact', weight: 45, highConfidence: false, title: `${label(e)}: first CRM export ever by this user (${e.object?.name ?? e.vendorAction})`, value: points.length, baseline: 0, z: null, facts: { firstEver: true } };
      }
      // Today's count so far against a habit of exporting, the person's own days, or peers.
      const v = judge(running, ctx.env.orgClock.localHour(start));
      if (v) {
        emitted = true;
        return {
          kind: 'volume', weight: 45, highConfidence: false, title: `${label(e)}: ${running} CRM exports so far today (${referenceLabel(v, '/day')})`,
          value: running, baseline: v.reference, z: v.z, baselineKind: v.baseline, facts: { basis: v.basis },
        };
      }
      return undefined;
    });
  },
};

const label = (e: NormalizedEvent): string => (e.source === 'salesforce' ? 'Salesforce' : 'Dynamics 365');
