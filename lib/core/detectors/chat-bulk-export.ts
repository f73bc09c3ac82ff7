import type { NormalizedEvent } from '../event.ts';
import type { PrincipalBatch } from '../principal-batch.ts';
import { hasSeen } from '../profile.ts';
import { dayOf } from '../time.ts';
import { hourlyPointSignals } from './point-signals.ts';
import type { Detector } from './types.ts';

const ID = 'chat.bulk-export';

/**
 * T1213.005: workspace/channel exports (Slack), eDiscovery search exports and Teams `MessagesExported` (M365), Google
 * Takeout, admin data export and Vault exports.
 * Always a signal; high confidence when off-hours, from an untrusted IP, or by someone not listed as privileged.
 */
export const chatBulkExport: Detector = {
  id: ID,
  technique: 'T1213.005',
  observe(e: NormalizedEvent, pb: PrincipalBatch): void {
    if (e.action !== 'message_export' || e.outcome === 'failure') return;
    pb.addPoint(ID, e, { object: e.object?.name ?? e.vendorAction });
    pb.see(pb.day(dayOf(e.time)), 'bulkExport', e.app);
  },
  evaluateDay(ctx) {
    if (!ctx.env.config.detectors[ID].enabled || !ctx.pb.points.has(ID)) return [];
    const names = [ctx.pb.actorId, ctx.pb.email, ctx.pb.name].filter((x): x is string => !!x).map((x) => x.toLowerCase());
    const privileged = names.some((n) => ctx.env.config.privilegedUsers.includes(n));
    return hourlyPointSignals(ctx, ID, 'T1213.005', (points, start) => {
      // Someone who does not do workspace or mailbox exports (not privileged, never exported from this app before).
      const unusual = !privileged && !hasSeen(ctx.profile, 'bulkExport', points[0]!.event.app, ctx.day);
      const ip = points.find((x) => x.event.src?.ip)?.event.src?.ip;
      const offHours = !ctx.env.orgClock.businessHours(start);
      const untrusted = ip !== undefined && !ctx.env.trusted.has(ip);
      const high = offHours || untrusted || !privileged;
      const why = [offHours && 'off-hours', untrusted && 'untrusted IP', !privileged && 'actor not privileged'].filter(Boolean).join(', ');
      return {
        kind: 'export', weight: high ? 75 : 40, highConfidence: high,
        title: `${app(points[0]!.event)}: bulk export (${[...new Set(points.map((x) => x.event.vendorAction))].join(', ')})${why ? ` — ${why}` : ''}`,
        value: points.length, baseline: null, z: null, facts: { privileged, offHours, untrusted, unusual },
      };
    });
  },
};

const app = (e: NormalizedEvent): string => ({ slack: 'Slack', teams: 'Teams', purview: 'Purview eDiscovery', 'google-workspace': 'Google Workspace' } as Record<string, string>)[e.app] ?? e.app;
