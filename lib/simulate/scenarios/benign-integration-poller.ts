import { elfLogin, newSession, rtemApiEvent } from '../vendors/salesforce.ts';
import { integrationPoller } from './extra-identities.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';
import { fullDays } from './window-days.ts';

const CLIENT = 'Jersey/2.41 (HttpUrlConnection 17.0.12)';
const LABELLED_DAYS = 3;

/**
 * Benign T1213.004: a marketing-automation connector nobody listed in the config polls Salesforce every hour, day and
 * night, from one cloud IP with one client: 50–300 changed Lead/Contact/Campaign rows per poll through the REST API.
 * It behaves like a service account from its first day; after a few days it is recognised as one.
 */
export const benignIntegrationPoller: Scenario = {
  id: 'benign-integration-poller',
  run(ctx) {
    const rng = ctx.rng;
    const svc = integrationPoller();
    const ip = svc.ips[0]!;
    const days = fullDays(ctx);
    const labelled: number[] = [];
    days.forEach((d, i) => {
      const s = newSession(rng, ip, CLIENT);
      const t0 = ctx.at(d, '00:02:00');
      ctx.sink.addElf('Login', t0, elfLogin(rng, svc, t0, s));
      for (let h = 0; h < 24; h++) {
        const t = ctx.at(d, `${String(h).padStart(2, '0')}:05:00`) + rng.int(0, 120) * 1000;
        const entity = rng.pick(['Lead', 'Contact', 'Campaign']);
        ctx.sink.addRtem('ApiEvent', t, rtemApiEvent(rng, svc, t, s, { entity, rows: rng.int(50, 300), fields: ['Id', 'Email', 'LastModifiedDate'], apiType: 'REST', client: CLIENT }));
        if (i >= days.length - LABELLED_DAYS) labelled.push(t);
      }
    });
    return [{
      id: this.id,
      technique: 'T1213.004',
      detectors: ['crm.export-volume', 'crm.programmatic-client'],
      tier: 1,
      principal: { source: 'salesforce', id: svc.sf.id18, email: svc.email },
      ...span(labelled),
      description: `${svc.email} (an integration not listed in the config) polls 50–300 Lead/Contact/Campaign rows every hour, day and night, ` +
        `from one cloud IP with one client: no tier-2 alert expected, and none at all once it is recognised as a service account`,
      benign: true,
    }];
  },
};
