import type { NormalizedEvent } from '../event.ts';
import type { PrincipalBatch } from '../principal-batch.ts';
import { HOUR } from '../time.ts';
import { isCrmRowRead } from './crm-export-volume.ts';
import type { Detector } from './types.ts';
import { referenceLabel, windowedVolume } from './windowed-volume.ts';

const ID = 'crm.object-breadth';
const METRIC = 'crm.objects';

/** T1213.004: distinct CRM objects queried per hour, z ≥ 3 over the principal's habit and at least 5 (Datadog-style 3σ). */
export const crmObjectBreadth: Detector = {
  id: ID,
  technique: 'T1213.004',
  observe(e: NormalizedEvent, pb: PrincipalBatch): void {
    if (!e.entities || (e.source !== 'salesforce' && e.app !== 'dynamics365')) return;
    if (!isCrmRowRead(e) && e.action !== 'record_query' && e.action !== 'record_view') return;
    for (const ent of e.entities) pb.addDistinct(METRIC, e, ent.toLowerCase(), ent);
  },
  evaluateDay(ctx) {
    const p = ctx.env.config.detectors[ID];
    if (!p.enabled) return [];
    return windowedVolume(ctx, {
      detector: ID, technique: 'T1213.004', metric: METRIC, windowMs: HOUR, floor: p.minObjectsPerHour,
      coldFloor: p.coldStartObjectsPerHour, z: p.z, kind: 'breadth', weight: 45, highConfidence: false,
      title: (w, v) => `CRM: ${w.value} distinct objects queried in 1 h (${referenceLabel(v, '')})`,
    });
  },
};
