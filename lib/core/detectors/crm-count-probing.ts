import type { NormalizedEvent } from '../event.ts';
import type { PrincipalBatch } from '../principal-batch.ts';
import { MINUTE } from '../time.ts';
import type { Detector } from './types.ts';
import { windowedVolume } from './windowed-volume.ts';

const ID = 'crm.count-probing';
const METRIC = 'crm.probes';

/** T1213.004: many objects sized with near-empty queries (COUNT(), LIMIT 1) in minutes — sizing before a bulk pull. */
export const crmCountProbing: Detector = {
  id: ID,
  technique: 'T1213.004',
  observe(e: NormalizedEvent, pb: PrincipalBatch, env): void {
    if (e.action !== 'record_query' || !e.entities || (e.source !== 'salesforce' && e.app !== 'dynamics365')) return;
    if ((e.count ?? 0) > env.config.detectors[ID].maxRows) return;
    for (const ent of e.entities) pb.addDistinct(METRIC, e, ent.toLowerCase(), ent);
  },
  evaluateDay(ctx) {
    const p = ctx.env.config.detectors[ID];
    if (!p.enabled) return [];
    // A fixed rule (no baseline): the pattern itself is the anomaly.
    return windowedVolume(ctx, {
      detector: ID, technique: 'T1213.004', metric: METRIC, windowMs: p.windowMinutes * MINUTE, floor: p.minObjects,
      coldFloor: p.minObjects, z: 0, fixed: true, kind: 'breadth', weight: 50, highConfidence: false,
      title: (w) => `CRM: ${w.value} objects probed with ≤ ${p.maxRows}-row queries in ${p.windowMinutes} min`,
    });
  },
};
