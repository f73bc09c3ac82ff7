import type { NormalizedEvent } from '../event.ts';
import type { PrincipalBatch } from '../principal-batch.ts';
import { hasSeen } from '../profile.ts';
import { capList, listLabel } from '../text.ts';
import { hourlyPointSignals } from './point-signals.ts';
import type { Detector, DetectorEnv } from './types.ts';

const ID = 'recon.new-external-org';

/** External party domain of an event, unless it is ours. */
export function externalDomain(e: NormalizedEvent, env: DetectorEnv): string | undefined {
  const d = e.external?.domain ?? (e.external?.user?.includes('@') ? e.external.user.split('@').pop()?.toLowerCase() : undefined);
  if (!d) return undefined;
  return env.config.org.internalDomains.some((i) => d === i || d.endsWith(`.${i}`)) ? undefined : d;
}

/**
 * T1591.002: first contact with an external org/domain never seen in the tenant (signal); known to the tenant but new
 * to this user (informational weight).
 */
export const reconNewExternalOrg: Detector = {
  id: ID,
  technique: 'T1591.002',
  observe(e: NormalizedEvent, pb: PrincipalBatch, env): void {
    const d = externalDomain(e, env);
    if (d) pb.addPointOnce(ID, d, e, { object: d }, undefined, 'day');
  },
  evaluateDay(ctx) {
    if (!ctx.env.config.detectors[ID].enabled) return [];
    const reported = new Set<string>();
    return hourlyPointSignals(ctx, ID, 'T1591.002', (points) => {
      const fresh = points.filter((x) => {
        const d = x.facts.object as string;
        return !reported.has(d) && !hasSeen(ctx.profile, 'extDomain', d, ctx.day);
      });
      if (!fresh.length) return undefined;
      const newToTenant = [...new Set(fresh.filter((x) => !ctx.env.tenantSeenBefore('extDomain', x.facts.object as string, x.event.time)).map((x) => x.facts.object as string))];
      const newToUser = [...new Set(fresh.map((x) => x.facts.object as string))];
      for (const d of newToUser) reported.add(d);
      return {
        kind: 'first-contact', weight: newToTenant.length ? 30 : 10, highConfidence: false,
        title: newToTenant.length ? `First contact with ${listLabel(newToTenant, 10, '', ', ')} (new to the tenant)` : `First contact by this user with ${listLabel(newToUser, 10, '', ', ')}`,
        value: newToUser.length, baseline: null, z: null, facts: { newToTenant: capList(newToTenant), newToUser: capList(newToUser), newToTenantCount: newToTenant.length },
      };
    });
  },
};
