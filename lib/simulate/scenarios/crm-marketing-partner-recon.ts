import { elfLogin, newSession, rtemApiEvent, rtemReportEvent } from '../vendors/salesforce.ts';
import { withSalesforce } from './extra-identities.ts';
import { reportsNamed } from './sf-report-exports.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';
import { fullWeekdays } from './window-days.ts';

const INSPECTOR = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';
const PARTNER_GRAPH = ['Account', 'Partner', 'Opportunity', 'Contract'] as const;

/**
 * T1591.002: a marketing user whose Salesforce history is Lead and Campaign queries only runs ~40 API queries over
 * Account, Partner, Opportunity and Contract in under an hour one afternoon, then the "Partner Accounts" report — from
 * her usual network, in office hours. Reconnaissance of business relationships, not a bulk export: the alert must
 * name T1591.002 (the partner-graph playbook) even if volume signals fire too.
 */
export const crmMarketingPartnerRecon: Scenario = {
  id: 'attack-crm-marketing-partner-recon',
  run(ctx) {
    const rng = ctx.rng;
    const person = withSalesforce(ctx.person('luca.romano@example.com'));
    const ip = person.officeIp ?? person.ips[0] ?? '198.51.100.1';
    const attackDay = ctx.weekdayFromEnd(2);
    // Her habit: a few Lead/Campaign queries every weekday.
    for (const d of fullWeekdays(ctx)) {
      if (d === attackDay) continue;
      const s = newSession(rng, ip, INSPECTOR);
      const t0 = ctx.at(d, '10:12:00') + rng.int(0, 90) * 60_000;
      ctx.sink.addElf('Login', t0, elfLogin(rng, person, t0, s));
      for (let i = rng.int(3, 8), t = t0 + 60_000; i > 0; i--, t += rng.int(5, 40) * 60_000) {
        ctx.sink.addRtem('ApiEvent', t, rtemApiEvent(rng, person, t, s, { entity: rng.pick(['Lead', 'Campaign']), rows: rng.int(20, 200), fields: ['Name', 'Status'], apiType: 'REST', client: 'Lightning' }));
      }
    }
    const s = newSession(rng, ip, INSPECTOR);
    const t0 = ctx.at(attackDay, '15:20:00');
    ctx.sink.addElf('Login', t0, elfLogin(rng, person, t0, s));
    const times = [t0];
    let t = t0 + 90_000;
    for (let i = 0; i < 40; i++) {
      const entity = PARTNER_GRAPH[i % PARTNER_GRAPH.length]!;
      ctx.sink.addRtem('ApiEvent', t, rtemApiEvent(rng, person, t, s, { entity, rows: rng.int(40, 160), fields: ['Name', 'Type', 'OwnerId'], apiType: 'REST', client: 'Lightning' }));
      times.push(t);
      t += rng.int(50, 80) * 1000;
    }
    const [report] = reportsNamed(ctx, ['Partner Accounts']);
    ctx.sink.addRtem('ReportEvent', t, rtemReportEvent(rng, person, t, s, report!, rng.int(300, 600), 'Lightning'));
    times.push(t);
    return [{
      id: this.id,
      technique: 'T1591.002',
      detectors: ['recon.partner-objects', 'crm.object-breadth'],
      tier: 1,
      principal: { source: 'salesforce', id: person.sf.id18, email: person.email },
      ...span(times),
      description: `${person.email} (marketing; her Salesforce history is Lead and Campaign queries only) runs 40 API queries over Account, ` +
        'Partner, Opportunity and Contract in under an hour from 16:20 Berlin time, then the "Partner Accounts" report, from her usual network: ' +
        'reconnaissance of business relationships (T1591.002)',
      benign: false,
    }];
  },
};
