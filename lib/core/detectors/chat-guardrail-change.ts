import type { NormalizedEvent } from '../event.ts';
import type { PrincipalBatch } from '../principal-batch.ts';
import { hourlyPointSignals } from './point-signals.ts';
import type { Detector } from './types.ts';

const ID = 'chat.guardrail-change';

/**
 * T1213.005: guardrails weakened — Slack DLP/barrier/legal-hold/retention/security prefs, Teams/SharePoint sharing
 * opened. A signal; correlation (72 h half-life, ≥ 3 detectors) escalates it when collection follows.
 */
export const chatGuardrailChange: Detector = {
  id: ID,
  technique: 'T1213.005',
  observe(e: NormalizedEvent, pb: PrincipalBatch): void {
    if (e.action === 'guardrail_change') pb.addPoint(ID, e, { object: e.vendorAction });
  },
  evaluateDay(ctx) {
    if (!ctx.env.config.detectors[ID].enabled) return [];
    return hourlyPointSignals(ctx, ID, 'T1213.005', (points) => ({
      kind: 'config', weight: 45, highConfidence: false,
      title: `Guardrail changed: ${[...new Set(points.map((x) => x.facts.object as string))].slice(0, 3).join(', ')}`,
      value: points.length, baseline: null, z: null,
    }));
  },
};
