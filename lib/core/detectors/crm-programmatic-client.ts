import type { NormalizedEvent } from '../event.ts';
import type { PrincipalBatch } from '../principal-batch.ts';
import { hasSeen } from '../profile.ts';
import { capList, clip, listLabel } from '../text.ts';
import { dayOf } from '../time.ts';
import { hourlyPointSignals } from './point-signals.ts';
import type { Detector } from './types.ts';

const ID = 'crm.programmatic-client';
/** Clients that script bulk reads rather than a person in a browser. */
const PROGRAMMATIC = /python|requests|curl|wget|go-http|java\/|okhttp|axios|node-fetch|postman|insomnia|data ?loader|dataloader|salesforce-?cli|sfdx|\bsf\/|jsforce|simple-salesforce|workbench|bulk ?api|powershell|httpclient/i;

export function programmaticClient(e: NormalizedEvent): string | undefined {
  if (e.source !== 'salesforce' && e.app !== 'dynamics365') return undefined;
  if (e.action === 'bulk_export' || e.action === 'bulk_result_download') return 'Bulk API';
  const client = typeof e.details?.client === 'string' ? e.details.client : undefined;
  for (const c of [client, e.src?.ua]) if (c && PROGRAMMATIC.test(c)) return clip(c.split(/[ /]/)[0] || c, 64);
  if (typeof e.details?.connectedAppId === 'string') return `connected-app:${e.details.connectedAppId}`;
  return undefined;
}

/** T1213.004: a client the principal never used before — Bulk API, Data Loader, scripts, a new connected app. */
export const crmProgrammaticClient: Detector = {
  id: ID,
  technique: 'T1213.004',
  observe(e: NormalizedEvent, pb: PrincipalBatch): void {
    const client = programmaticClient(e);
    if (!client) return;
    pb.see(pb.day(dayOf(e.time)), 'client', client);
    pb.noteFirstUse('client', client, e.time);
    // Only a client's first use matters: one point per client and day, with that day's rows added up.
    pb.addPointOnce(ID, client, e, { object: client, rows: e.count ?? 0 }, (f) => void (f.rows = (f.rows as number) + (e.count ?? 0)), 'day');
  },
  evaluateDay(ctx) {
    const p = ctx.env.config.detectors[ID];
    if (!p.enabled) return [];
    const reported = new Set<string>();
    return hourlyPointSignals(ctx, ID, 'T1213.004', (points) => {
      const fresh = points.filter((x) => !hasSeen(ctx.profile, 'client', x.facts.object as string, ctx.day) && !reported.has(x.facts.object as string));
      if (!fresh.length) return undefined;
      const clients = [...new Set(fresh.map((x) => x.facts.object as string))];
      for (const c of clients) reported.add(c);
      const rows = points.reduce((n, x) => n + ((x.facts.rows as number) ?? 0), 0);
      return {
        kind: 'first-contact', weight: rows >= p.heavyRows ? 60 : 30, highConfidence: false,
        title: `CRM: first use of ${listLabel(clients, 10, '', ', ')} by this user${rows ? ` (${rows.toLocaleString('en-US')} rows)` : ''}`,
        value: rows, baseline: null, z: null, facts: { clients: capList(clients), clientCount: clients.length },
      };
    });
  },
};
