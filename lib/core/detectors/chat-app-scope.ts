import type { NormalizedEvent } from '../event.ts';
import type { PrincipalBatch } from '../principal-batch.ts';
import { MINUTE } from '../time.ts';
import { hourlyPointSignals } from './point-signals.ts';
import type { Detector } from './types.ts';

const ID = 'chat.app-scope';

const scopesOf = (e: NormalizedEvent): string[] => {
  const s = e.details?.addedScopes ?? e.details?.scopes;
  return Array.isArray(s) ? s.filter((x): x is string => typeof x === 'string') : [];
};

/**
 * T1213.005: apps that can read messages and files — Slack install bursts, scope expansions adding read scopes,
 * Teams app/bot installs, Google OAuth grants (`token` authorize) and domain-wide delegation with read scopes.
 */
export const chatAppScope: Detector = {
  id: ID,
  technique: 'T1213.005',
  observe(e: NormalizedEvent, pb: PrincipalBatch): void {
    if ((e.action === 'app_install' || e.action === 'app_scope_change') && (e.source === 'slack' || e.app === 'teams' || e.source === 'google-workspace')) {
      pb.addPoint(ID, e, { object: e.object?.name ?? e.object?.id ?? 'app' });
    }
  },
  evaluateDay(ctx) {
    const p = ctx.env.config.detectors[ID];
    if (!p.enabled) return [];
    const read = new Set(p.readScopes);
    return hourlyPointSignals(ctx, ID, 'T1213.005', (points) => {
      const readScopes = [...new Set(points.flatMap((x) => scopesOf(x.event).filter((s) => read.has(s) || s.startsWith('admin'))))];
      const installs = points.filter((x) => x.event.action === 'app_install').map((x) => x.event.time);
      const burst = installs.some((t) => installs.filter((u) => u >= t && u - t <= p.burstMinutes * MINUTE).length > p.burstInstalls);
      const teams = points.some((x) => x.event.app === 'teams');
      const google = points.some((x) => x.event.source === 'google-workspace');
      if (!readScopes.length && !burst && !teams) return undefined;
      const apps = [...new Set(points.map((x) => x.facts.object as string))];
      return {
        kind: 'config', weight: readScopes.length ? 50 : 35, highConfidence: false,
        title: `${teams ? 'Teams' : google ? 'Google Workspace' : 'Slack'}: ${burst ? `${installs.length} app installs` : `app ${apps.slice(0, 2).join(', ')}`}${readScopes.length ? ` gained read scopes ${readScopes.join(', ')}` : ''}`,
        value: points.length, baseline: null, z: null, facts: { apps, readScopes, burst },
      };
    });
  },
};
