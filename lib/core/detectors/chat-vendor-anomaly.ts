import type { NormalizedEvent } from '../event.ts';
import type { PrincipalBatch } from '../principal-batch.ts';
import { capList, listLabel } from '../text.ts';
import { hourlyPointSignals } from './point-signals.ts';
import type { Detector } from './types.ts';

const ID = 'chat.vendor-anomaly';
const COLLECTION = /scraping|download|search_volume|api_call_volume|file_shares/;

/** T1213.005: Slack `anomaly` events — a medium signal that alerts only together with other signals. */
export const chatVendorAnomaly: Detector = {
  id: ID,
  technique: 'T1213.005',
  observe(e: NormalizedEvent, pb: PrincipalBatch): void {
    if (e.action === 'vendor_anomaly' && e.source === 'slack') pb.addPoint(ID, e);
  },
  evaluateDay(ctx) {
    if (!ctx.env.config.detectors[ID].enabled) return [];
    return hourlyPointSignals(ctx, ID, 'T1213.005', (points) => {
      const reasons = [...new Set(points.flatMap((x) => (Array.isArray(x.event.details?.reasons) ? (x.event.details.reasons as string[]) : [])))];
      const collection = reasons.some((r) => COLLECTION.test(r));
      return {
        kind: collection ? 'volume' : 'compromise', weight: collection ? 45 : 35, highConfidence: false,
        title: `Slack anomaly: ${listLabel(reasons, 10, 'unspecified', ', ')}`,
        value: points.length, baseline: null, z: null, facts: { reasons: capList(reasons) },
      };
    });
  },
};
