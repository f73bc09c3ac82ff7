import type { NormalizedEvent } from '../event.ts';
import type { PrincipalBatch } from '../principal-batch.ts';
import { capList, listLabel } from '../text.ts';
import { hourlyPointSignals } from './point-signals.ts';
import type { Detector } from './types.ts';

const ID = 'crm.vendor-anomaly';

/** T1213.004: Salesforce Threat Detection events enter as signals (never alerts alone), weighted by their score. */
export const crmVendorAnomaly: Detector = {
  id: ID,
  technique: 'T1213.004',
  observe(e: NormalizedEvent, pb: PrincipalBatch): void {
    if (e.action === 'vendor_anomaly' && e.source === 'salesforce') pb.addPoint(ID, e, { object: String(e.details?.kind ?? e.vendorAction) });
  },
  evaluateDay(ctx) {
    const p = ctx.env.config.detectors[ID];
    if (!p.enabled) return [];
    return hourlyPointSignals(ctx, ID, 'T1213.004', (points) => {
      const best = Math.max(...points.map((x) => (typeof x.event.details?.score === 'number' ? x.event.details.score : 0)));
      if (best < p.mediumScore) return undefined;
      const kinds = [...new Set(points.map((x) => x.facts.object as string))];
      const compromise = kinds.some((k) => /hijack|credential|stuffing|login/i.test(k));
      return {
        kind: compromise ? 'compromise' : 'volume', weight: best >= p.highScore ? 70 : 40, highConfidence: false,
        title: `Salesforce Threat Detection: ${listLabel(kinds, 10, '', ', ')} (score ${Math.round(best)})`,
        value: points[0]!.event.count ?? best, baseline: null, z: null, facts: { score: best, kinds: capList(kinds) },
      };
    });
  },
};
