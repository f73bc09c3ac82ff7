import { elfLogin, newSession, rtemApiEvent } from '../vendors/salesforce.ts';
import { etlServiceAccount } from './extra-identities.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';
import { fullDays } from './window-days.ts';

const CLIENT = 'Fivetran/3.0 (Bulk API 2.0)';
/** Nights labelled at the end of the window: by then the job has run every night for a week or more. */
const LABELLED_NIGHTS = 5;

/**
 * Benign T1213.004: the data warehouse's nightly Fivetran sync (a service account listed in the config with a reason
 * and an expiry) pulls ~130–170k Account/Contact/Opportunity rows through the Bulk API at 01:30 every night from a
 * cloud IP outside the trusted networks — from the first night of the window, so short runs judge it while it is
 * still being learned.
 */
export const benignEtlServiceAccount: Scenario = {
  id: 'benign-etl-service-account',
  run(ctx) {
    const rng = ctx.rng;
    const svc = etlServiceAccount();
    const ip = svc.ips[0]!; // the warehouse's loader runs in the cloud, not behind the office egress
    const nights = fullDays(ctx);
    const labelled: number[] = [];
    nights.forEach((d, i) => {
      const t0 = ctx.at(d, '01:30:00') + rng.int(0, 90) * 1000;
      const s = newSession(rng, ip, CLIENT);
      ctx.sink.addElf('Login', t0, elfLogin(rng, svc, t0, s));
      let t = t0 + 45_000;
      const times = [t0];
      for (const [entity, lo, hi] of [['Account', 35_000, 45_000], ['Contact', 55_000, 75_000], ['Opportunity', 30_000, 45_000]] as const) {
        ctx.sink.addRtem('ApiEvent', t, rtemApiEvent(rng, svc, t, s, { entity, rows: rng.int(lo, hi), fields: ['Id', 'SystemModstamp'], apiType: 'Bulk', client: CLIENT }));
        times.push(t);
        t += rng.int(8, 14) * 60_000;
      }
      if (i >= nights.length - LABELLED_NIGHTS) labelled.push(...times);
    });
    return [{
      id: this.id,
      technique: 'T1213.004',
      detectors: ['crm.export-volume', 'crm.programmatic-client'],
      tier: 1,
      principal: { source: 'salesforce', id: svc.sf.id18, email: svc.email },
      ...span(labelled),
      description: `${svc.email} (service account in the config) pulls ~130–170k rows through the Bulk API at 01:30 Berlin time every ` +
        `night of the window, from a cloud IP outside the trusted networks; the last ${LABELLED_NIGHTS} nights are labelled: no tier-2 alert expected`,
      benign: true,
    }];
  },
};
