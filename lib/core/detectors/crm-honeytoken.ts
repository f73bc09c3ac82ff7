import type { NormalizedEvent } from '../event.ts';
import type { PrincipalBatch } from '../principal-batch.ts';
import { listLabel } from '../text.ts';
import { hourlyPointSignals } from './point-signals.ts';
import type { Detector, DetectorEnv } from './types.ts';

const ID = 'crm.honeytoken';

function decoyTouched(e: NormalizedEvent, env: DetectorEnv): string | undefined {
  if (env.config.honeytokens.length === 0) return undefined;
  const ids = [e.object?.id, e.object?.name, ...(e.entities ?? [])].filter((x): x is string => !!x);
  return env.config.honeytokens.find((t) => ids.includes(t) || (typeof e.details?.query === 'string' && e.details.query.includes(t)));
}

/** T1213.004: any read of a decoy record or report listed in config `honeytokens` — alert, tier 2. */
export const crmHoneytoken: Detector = {
  id: ID,
  technique: 'T1213.004',
  observe(e: NormalizedEvent, pb: PrincipalBatch, env): void {
    const t = decoyTouched(e, env);
    if (t) pb.addPoint(ID, e, { object: t });
  },
  evaluateDay(ctx) {
    if (!ctx.env.config.detectors[ID].enabled) return [];
    return hourlyPointSignals(ctx, ID, 'T1213.004', (points) => ({
      kind: 'volume', weight: 95, highConfidence: true, large: true,
      title: `CRM: decoy ${listLabel([...new Set(points.map((x) => x.facts.object as string))], 10, '', ', ')} read (${points[0]!.event.vendorAction})`,
      value: points.length, baseline: 0, z: null,
    }));
  },
};
