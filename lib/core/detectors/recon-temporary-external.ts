import type { NormalizedEvent } from '../event.ts';
import type { PrincipalBatch } from '../principal-batch.ts';
import { MINUTE } from '../time.ts';
import { listLabel } from '../text.ts';
import { hourlyPointSignals } from './point-signals.ts';
import type { Detector } from './types.ts';

const ID = 'recon.temporary-external';
const externalUser = (e: NormalizedEvent): string | undefined => (e.external?.user ?? e.external?.domain)?.toLowerCase();

/** T1591.002: an external user added and removed again within the hour — in and out to look, or to cover tracks. */
export const reconTemporaryExternal: Detector = {
  id: ID,
  technique: 'T1591.002',
  observe(e: NormalizedEvent, pb: PrincipalBatch): void {
    if ((e.action === 'member_added' || e.action === 'member_removed' || e.action === 'external_connect' || e.action === 'external_disconnect') && externalUser(e)) {
      pb.addPoint(ID, e, { object: externalUser(e) });
    }
  },
  evaluateDay(ctx) {
    const p = ctx.env.config.detectors[ID];
    const kept = ctx.pb.points.get(ID);
    if (!p.enabled || !kept) return [];
    const all = kept.map((x) => x.event);
    return hourlyPointSignals(ctx, ID, 'T1591.002', (points) => {
      const pairs = points
        .filter((x) => x.event.action === 'member_removed' || x.event.action === 'external_disconnect')
        .filter((x) => all.some((a) => (a.action === 'member_added' || a.action === 'external_connect') && externalUser(a) === x.facts.object && a.time <= x.event.time && x.event.time - a.time <= p.withinMinutes * MINUTE));
      if (!pairs.length) return undefined;
      const users = [...new Set(pairs.map((x) => x.facts.object as string))];
      return {
        kind: 'first-contact', weight: 50, highConfidence: false,
        title: `External ${listLabel(users, 10, '', ', ')} added and removed within ${p.withinMinutes} min`,
        value: users.length, baseline: null, z: null,
      };
    });
  },
};
