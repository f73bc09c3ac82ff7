import { crmRead } from '../vendors/m365.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';

const NO_MATCH = '<filter type="and"><condition column="name" operator="like" value="%" /></filter><page size="1" count="true" />';

/**
 * T1591.002 in Dynamics 365: a support agent exports five small lists to Excel after hours, sizes five entities
 * with one-row queries, then reads 900 competitor, opportunity and account records in a quarter of an hour — the
 * company's partner and competitor graph, which support work never needs in this volume.
 */
export const dynamicsPartnerGraph: Scenario = {
  id: 'attack-dynamics-partner-graph',
  run(ctx) {
    const rng = ctx.rng;
    const person = ctx.person('alina.popescu@example.com');
    const day = ctx.weekdayFromEnd(3);
    const ip = person.homeIp ?? person.ips[0] ?? '198.51.100.1';
    const ua = person.browserUa;
    const times: number[] = [];
    let t = ctx.at(day, '18:21:03');
    for (const entity of ['contact', 'incident', 'account', 'contact', 'incident']) {
      ctx.sink.addM365('Audit.General', t, crmRead(rng, person, t, ip, ua, { message: 'ExportToExcel', entity, ids: rng.int(15, 25) }));
      times.push(t);
      t += rng.int(3, 5) * 60_000;
    }
    t = ctx.at(day, '19:04:40');
    for (const entity of ['competitor', 'opportunity', 'contract', 'lead', 'quote']) {
      ctx.sink.addM365('Audit.General', t, crmRead(rng, person, t, ip, ua, { message: 'RetrieveMultiple', entity, ids: rng.int(0, 1), query: NO_MATCH }));
      times.push(t);
      t += rng.int(25, 40) * 1000;
    }
    t = ctx.at(day, '19:21:12');
    for (const entity of ['competitor', 'opportunity', 'account']) {
      ctx.sink.addM365('Audit.General', t, crmRead(rng, person, t, ip, ua, { message: 'RetrieveMultiple', entity, ids: 300 }));
      times.push(t);
      t += rng.int(4, 6) * 60_000;
    }
    return [{
      id: this.id,
      technique: 'T1591.002',
      detectors: ['recon.partner-objects', 'crm.report-export', 'crm.count-probing'],
      tier: 1,
      principal: { source: 'm365', id: person.email, email: person.email },
      ...span(times),
      description: `${person.email} (support) exports 5 Dynamics lists to Excel at 18:21 Berlin time, sizes 5 entities with one-row ` +
        'queries at 19:05, then reads 300 competitor, 300 opportunity and 300 account records by 19:32 from a usual IP; ' +
        'crm.report-export and crm.count-probing contribute',
      benign: false,
    }];
  },
};
