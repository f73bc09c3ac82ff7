import { elfLogin, newSession, rtemApiEvent, rtemThreatEvent } from '../vendors/salesforce.ts';
import { sfPerson } from './sf-report-exports.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';

const CLIENT = 'python-requests/2.32.3';
const PROBED = ['Account', 'Contact', 'Opportunity', 'Lead', 'Case', 'Contract', 'AccountPartner', 'OpportunityPartner'];

/**
 * T1213.004: sizing before a bulk pull. A sales rep's account, from a VPS never seen for him, starts a Python
 * script one evening (first programmatic client; Salesforce Threat Detection flags the API use as unusual), sizes
 * eight objects with `SELECT COUNT()` queries in six minutes, and three hours later pulls 72,000+ rows through the
 * Bulk API.
 */
export const crmProbeBulkPull: Scenario = {
  id: 'attack-crm-probe-bulk-pull',
  run(ctx) {
    const rng = ctx.rng;
    const person = sfPerson(ctx, 'lukas.schulz@example.com', this.id);
    const day = ctx.weekdayFromEnd(3);
    const ip = `192.0.2.${rng.int(100, 119)}`;
    const s = newSession(rng, ip, CLIENT);
    const probe: number[] = [];
    const t0 = ctx.at(day, '21:08:31');
    ctx.sink.addElf('Login', t0, elfLogin(rng, person, t0, s));
    const t1 = t0 + 4 * 60_000;
    ctx.sink.addRtem('ApiEvent', t1, rtemApiEvent(rng, person, t1, s, { entity: 'Account', rows: 5, fields: ['Name'], apiType: 'REST', client: CLIENT, query: 'SELECT Id, Name FROM Account LIMIT 5' }));
    const t2 = ctx.at(day, '21:37:02');
    ctx.sink.addRtem('ApiAnomalyEventStore', t2, rtemThreatEvent(rng, person, t2, s, 'ApiAnomalyEventStore', 0.64,
      `API query with an unusual client (${CLIENT}) and source IP for this user`, [
        { featureName: 'client', featureValue: CLIENT, featureContribution: '41.20 %' },
        { featureName: 'sourceIp', featureValue: ip, featureContribution: '33.05 %' },
      ]));
    probe.push(t0, t1, t2);
    let t = ctx.at(day, '22:02:10');
    for (const entity of PROBED) {
      ctx.sink.addRtem('ApiEvent', t, rtemApiEvent(rng, person, t, s, { entity, rows: 1, fields: [], apiType: 'REST', client: CLIENT, query: `SELECT COUNT() FROM ${entity}` }));
      probe.push(t);
      t += rng.int(30, 45) * 1000;
    }

    const pullDay = ctx.weekdayFromEnd(2);
    const p0 = ctx.at(pullDay, '01:21:44');
    const bulk = newSession(rng, ip, CLIENT);
    ctx.sink.addElf('Login', p0, elfLogin(rng, person, p0, bulk));
    const pull = [p0];
    let tp = p0 + 60_000;
    const jobs: Array<[string, number, string[]]> = [
      ['Contact', 41_250, ['FirstName', 'LastName', 'Email', 'Phone', 'AccountId']],
      ['Account', 18_400, ['Name', 'Type', 'Industry', 'BillingCity']],
      ['Opportunity', 12_900, ['Name', 'Amount', 'StageName', 'CloseDate', 'AccountId']],
    ];
    for (const [entity, rows, fields] of jobs) {
      ctx.sink.addRtem('ApiEvent', tp, rtemApiEvent(rng, person, tp, bulk, { entity, rows, fields, apiType: 'Bulk', client: CLIENT }));
      pull.push(tp);
      tp += rng.int(6, 9) * 60_000;
    }
    const principal = { source: 'salesforce' as const, id: person.sf.id18, email: person.email };
    return [
      {
        id: `${this.id}-probe`,
        technique: 'T1213.004',
        detectors: ['crm.count-probing', 'crm.programmatic-client', 'crm.vendor-anomaly', 'crm.object-breadth', 'recon.partner-objects'],
        tier: 2,
        principal,
        ...span(probe),
        description: `${person.email}, from ${ip} (never seen for him), runs ${CLIENT} for the first time at 21:12 Berlin time ` +
          `(Threat Detection ApiAnomaly, score 64), then sizes ${PROBED.length} objects with SELECT COUNT() in 6 min; ` +
          'crm.programmatic-client and crm.vendor-anomaly contribute, the probing tips the correlation',
        benign: false,
      },
      {
        id: `${this.id}-pull`,
        technique: 'T1213.004',
        detectors: ['crm.export-volume'],
        tier: 2,
        principal,
        ...span(pull),
        description: `${person.email} pulls 72,550 Contact/Account/Opportunity rows through the Bulk API at 01:22 Berlin time from ${ip}, ` +
          'the night after sizing them',
        benign: false,
      },
    ];
  },
};
