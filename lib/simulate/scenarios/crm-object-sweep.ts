import type { SlackFile } from '../catalogue.ts';
import { elfLogin, newSession, rtemApiEvent } from '../vendors/salesforce.ts';
import { fileEvent, newSlackClient } from '../vendors/slack.ts';
import { sfPerson } from './sf-report-exports.ts';
import type { Scenario } from './types.ts';
import { span, tierFromHistory } from './types.ts';

const CLIENT = 'Salesforce-CLI/2.61.8 (sf)';
/** Standard objects a sales rep never queries in a normal day. */
const SWEPT = ['Account', 'Contact', 'Opportunity', 'Lead', 'Case', 'Contract', 'Campaign', 'Quote', 'Order', 'Product2',
  'Pricebook2', 'Asset', 'User', 'Task', 'Event', 'Partner'];

/**
 * T1213.004: breadth. One evening a sales rep downloads an integration-credentials sheet from Slack and tries the Salesforce CLI once
 * from an unknown IP; the next hour the CLI queries 16 different objects within 20 minutes (a few dozen rows each:
 * no volume to speak of).
 */
export const crmObjectSweep: Scenario = {
  id: 'attack-crm-object-sweep',
  run(ctx) {
    const rng = ctx.rng;
    const person = sfPerson(ctx, 'felix.wagner@example.com', this.id);
    const day = ctx.weekdayFromEnd(3);
    const ip = `192.0.2.${rng.int(120, 139)}`;
    const keys: SlackFile = { id: 'F07APIKEYS1', name: 'integration-credentials.xlsx', title: 'integration-credentials.xlsx', filetype: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
    const ts = ctx.at(day, '20:02:18');
    ctx.sink.addSlack(ts, fileEvent(rng, person, ts, 'file_downloaded', keys, newSlackClient(rng, person.homeIp ?? person.ips[0] ?? ip, person.slackUa)));
    const cli = newSession(rng, ip, CLIENT);
    const t1 = ctx.at(day, '20:41:30');
    ctx.sink.addElf('Login', t1, elfLogin(rng, person, t1, cli));
    ctx.sink.addRtem('ApiEvent', t1 + 20_000, rtemApiEvent(rng, person, t1 + 20_000, cli, { entity: 'Account', rows: 12, fields: ['Name'], apiType: 'REST', client: CLIENT }));
    const times = [ts, t1, t1 + 20_000];
    let t = ctx.at(day, '21:06:05');
    for (const entity of SWEPT) {
      ctx.sink.addRtem('ApiEvent', t, rtemApiEvent(rng, person, t, cli, { entity, rows: rng.int(15, 45), fields: ['Name', 'CreatedDate'], apiType: 'REST', client: CLIENT }));
      times.push(t);
      t += rng.int(55, 80) * 1000;
    }
    const { tier, note } = tierFromHistory(ctx, 'salesforce', person.sf.id18, t1);
    return [{
      id: this.id,
      technique: 'T1213.004',
      detectors: ['crm.object-breadth', 'crm.programmatic-client', 'chat.sensitive-files', 'recon.partner-objects'],
      tier,
      principal: { source: 'salesforce', id: person.sf.id18, email: person.email },
      ...span(times),
      description: `${person.email} downloads ${keys.name} from Slack at 20:02 Berlin time, tries the Salesforce CLI from ${ip} (never seen ` +
        `for him) at 20:41, then queries ${SWEPT.length} different objects in 20 min from 21:06: crm.object-breadth is expected to tip ` +
        `the correlation, the Slack download and the first CLI use contribute${note}`,
      benign: false,
    }];
  },
};
