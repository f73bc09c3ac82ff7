import { entraUserLoggedIn, mailItemsAccessed } from '../vendors/m365.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';

/** An OAuth client reading mail through Graph (illustrative app id: not a first-party Microsoft app). */
const GRAPH_CLIENT = { appId: '7c3f2a91-5e0b-4d8e-9a61-2b4f8c0d1e73', info: 'Client=REST;Client=RESTSystem;;' };

/**
 * T1213.005: mailbox harvest. At night, from an IP never seen for her, a finance user's mailbox is read through a
 * Graph client: 12 MailItemsAccessed (Bind) records of 350–450 items each in 45 minutes; Exchange starts throttling
 * the auditing (IsThrottled True).
 */
export const m365MailHarvest: Scenario = {
  id: 'attack-m365-mail-harvest',
  run(ctx) {
    const rng = ctx.rng;
    const person = ctx.person('max.schmitt@example.com');
    const day = ctx.weekdayFromEnd(2);
    const ip = `192.0.2.${rng.int(180, 189)}`;
    const t0 = ctx.at(day, '23:03:51');
    ctx.sink.addM365('Audit.AzureActiveDirectory', t0, entraUserLoggedIn(rng, person, t0, ip, 'python-requests/2.32.3'));
    const times = [t0];
    let t = t0 + 2 * 60_000;
    for (let i = 0; i < 12; i++) {
      ctx.sink.addM365('Audit.Exchange', t, mailItemsAccessed(rng, person, t, ip, {
        accessType: 'Bind', count: rng.int(350, 450), mobile: false, throttled: i >= 9, client: GRAPH_CLIENT,
      }));
      times.push(t);
      t += rng.int(3, 4) * 60_000;
    }
    return [{
      id: this.id,
      technique: 'T1213.005',
      detectors: ['chat.mail-items'],
      tier: 2,
      principal: { source: 'm365', id: person.email, email: person.email },
      ...span(times),
      description: `${person.email}'s mailbox is read through a Graph client from ${ip} (never seen for her) at 23:04 Berlin time: ` +
        '12 MailItemsAccessed Bind records of 350–450 items in 45 min, the last three throttled',
      benign: false,
    }];
  },
};
