import { fileEvent, newSlackClient } from '../vendors/slack.ts';
import type { SlackFile } from '../catalogue.ts';
import { elfLogin, newSession, rtemApiEvent } from '../vendors/salesforce.ts';
import { EVERYDAY_EXPORTS, reportsNamed, runAndExport, sfPerson } from './sf-report-exports.ts';
import type { Scenario } from './types.ts';
import { span, tierFromHistory } from './types.ts';

const CLIENT = 'sfdx-toolbelt/7.209.6 (sf/2.61.8) node/20.18.0';

/**
 * T1213.004 across apps: one evening a sales rep downloads a credentials file from Slack, exports six reports from
 * Salesforce from an unknown IP, and half an hour later pulls 850 Opportunity rows with the Salesforce CLI — a client
 * she never used. The person is matched across Slack and Salesforce by e-mail.
 */
export const crmCliPull: Scenario = {
  id: 'attack-crm-cli-pull',
  run(ctx) {
    const rng = ctx.rng;
    const person = sfPerson(ctx, 'amira.haddad@example.com', this.id);
    const day = ctx.weekdayFromEnd(4);
    const ip = `192.0.2.${rng.int(140, 159)}`;
    const file: SlackFile = { id: 'F07CREDS0A1', name: 'customer-portal-credentials.csv', title: 'customer-portal-credentials.csv', filetype: 'text/csv' };
    const ts = ctx.at(day, '19:06:40');
    ctx.sink.addSlack(ts, fileEvent(rng, person, ts, 'file_downloaded', file, newSlackClient(rng, person.ips[0] ?? ip, person.slackUa)));
    const ui = newSession(rng, ip, person.browserUa);
    const t0 = ctx.at(day, '19:14:02');
    ctx.sink.addElf('Login', t0, elfLogin(rng, person, t0, ui));
    const sf = [t0, ...runAndExport(rng, ctx.sink, person, ui, reportsNamed(ctx, EVERYDAY_EXPORTS), t0 + 60_000, 5 * 60_000, () => rng.int(40, 90))];
    const cli = newSession(rng, ip, CLIENT);
    const t1 = ctx.at(day, '20:16:55');
    ctx.sink.addElf('Login', t1, elfLogin(rng, person, t1, cli));
    ctx.sink.addRtem('ApiEvent', t1 + 40_000, rtemApiEvent(rng, person, t1 + 40_000, cli, {
      entity: 'Opportunity', rows: 850, fields: ['Name', 'Amount', 'StageName', 'AccountId', 'OwnerId'], apiType: 'REST', client: CLIENT,
    }));
    sf.push(t1, t1 + 40_000);
    const { tier, note } = tierFromHistory(ctx, 'salesforce', person.sf.id18, t0);
    return [{
      id: this.id,
      technique: 'T1213.004',
      detectors: ['crm.programmatic-client', 'crm.report-export', 'chat.sensitive-files', 'recon.partner-objects'],
      tier,
      principal: { source: 'salesforce', id: person.sf.id18, email: person.email },
      ...span([ts, ...sf]),
      description: `${person.email} downloads ${file.name} from Slack at 19:06 Berlin time, exports 6 Salesforce reports from ${ip} ` +
        '(never seen for her), then pulls 850 Opportunity rows with the Salesforce CLI, a client she never used; ' +
        `chat.sensitive-files and crm.report-export contribute${note}`,
      benign: false,
    }];
  },
};
