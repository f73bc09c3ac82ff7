import type { SfPerson } from '../vendors/salesforce.ts';
import { elfLogin, elfReport, elfReportExport, newSession, rtemApiEvent, rtemReportEvent } from '../vendors/salesforce.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';

const TOR_BROWSER = 'Mozilla/5.0 (Windows NT 10.0; rv:128.0) Gecko/20100101 Firefox/128.0';

/**
 * T1213.004: a sales rep's account, at night from a Tor exit, pulls nine chunks of 9,999 rows within one hour
 * (three Lightning report exports, three API report runs, three REST queries) on Contact/Account/Opportunity:
 * each stays under a per-event threshold, together 89,991 rows.
 */
export const crmNightExport: Scenario = {
  id: 'attack-crm-night-export',
  run(ctx) {
    const rng = ctx.rng;
    const person = ctx.person('jonas.becker@example.com') as SfPerson;
    if (!person.sf) throw new Error('crm-night-export needs a Salesforce user');
    const day = ctx.weekdayFromEnd(2);
    const ip = `185.220.101.${rng.int(30, 60)}`;
    const bulk = ['All Contacts with Email', 'All Accounts Full', 'Opportunity History Export']
      .map((name) => ctx.catalogue.reports.find((r) => r.name === name))
      .filter((r) => r !== undefined);
    const times: number[] = [];
    const t0 = ctx.at(day, '02:07:13');
    const ui = newSession(rng, ip, TOR_BROWSER);
    ctx.sink.addElf('Login', t0, elfLogin(rng, person, t0, ui));
    times.push(t0);
    let t = t0 + 90_000;
    for (const report of bulk) {
      ctx.sink.addElf('Report', t, elfReport(rng, person, t, ui, report, 9_999));
      ctx.sink.addElf('ReportExport', t + 4_000, elfReportExport(rng, person, t + 4_000, ui, report));
      times.push(t, t + 4_000);
      t += rng.int(4, 7) * 60_000;
    }
    const api = newSession(rng, ip, 'python-requests/2.32.3');
    ctx.sink.addElf('Login', t, elfLogin(rng, person, t, api));
    times.push(t);
    t += 30_000;
    for (const report of bulk) {
      ctx.sink.addRtem('ReportEvent', t, rtemReportEvent(rng, person, t, api, report, 9_999));
      times.push(t);
      t += rng.int(3, 5) * 60_000;
    }
    const queries: Array<[string, string[]]> = [
      ['Contact', ['FirstName', 'LastName', 'Email', 'Phone', 'AccountId']],
      ['Account', ['Name', 'Type', 'Industry', 'Phone', 'BillingCity']],
      ['Opportunity', ['Name', 'Amount', 'StageName', 'CloseDate', 'AccountId']],
    ];
    for (const [entity, fields] of queries) {
      ctx.sink.addRtem('ApiEvent', t, rtemApiEvent(rng, person, t, api, {
        entity, fields, rows: 9_999, apiType: 'REST', client: 'python-requests/2.32.3',
      }));
      times.push(t);
      t += rng.int(3, 5) * 60_000;
    }
    return [{
      id: this.id,
      technique: 'T1213.004',
      detectors: ['crm.export-volume'],
      tier: 2,
      principal: { source: 'salesforce', id: person.sf.id18, email: person.email },
      ...span(times),
      description: `${person.email} signs in at 02:07 Berlin time from Tor exit ${ip} and pulls 9 × 9,999 rows ` +
        '(3 report exports, 3 API report runs, 3 REST queries) of Contact, Account and Opportunity within one hour',
      benign: false,
    }];
  },
};
