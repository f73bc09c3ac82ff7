import type { NormalizedEvent } from '../event.ts';
import type { PrincipalBatch } from '../principal-batch.ts';
import { hasSeen } from '../profile.ts';
import { DAY } from '../time.ts';
import { externalDomain } from './recon-new-external-org.ts';
import type { Detector } from './types.ts';
import { referenceLabel, windowedVolume } from './windowed-volume.ts';

const ID = 'recon.third-party-spike';
const METRIC = 'ext.orgs';

/** T1591.002: external organisations a principal deals with per day — z ≥ 3 and ≥ 3 orgs new to them in the day. */
export const reconThirdPartySpike: Detector = {
  id: ID,
  technique: 'T1591.002',
  observe(e: NormalizedEvent, pb: PrincipalBatch, env): void {
    const d = externalDomain(e, env);
    if (d) pb.addDistinct(METRIC, e, d, d);
  },
  evaluateDay(ctx) {
    const p = ctx.env.config.detectors[ID];
    if (!p.enabled) return [];
    return windowedVolume(ctx, {
      detector: ID, technique: 'T1591.002', metric: METRIC, windowMs: DAY, daily: true, floor: p.minNewOrgsPerDay,
      coldFloor: p.minNewOrgsPerDay, z: p.z, kind: 'breadth', weight: 50, highConfidence: false,
      title: (w, v) => `${w.value} external organisations contacted in 24 h (${referenceLabel(v, '/day')})`,
    }).filter((s) => {
      const newToUser = s.evidence.objects.filter((d) => !hasSeen(ctx.profile, 'extDomain', d, ctx.day));
      // Without a baseline (z null) only organisations new to the whole tenant make a spike.
      const needed = s.z === null ? newToUser.filter((d) => !ctx.env.tenantSeenBefore('extDomain', d, s.window.start)) : newToUser;
      return newToUser.length >= p.minNewOrgsPerDay && needed.length >= p.minNewOrgsPerDay;
    });
  },
};
