import type { SlackFile } from '../catalogue.ts';
import { connectEvent, fileEvent, internalActor, newSlackClient } from '../vendors/slack.ts';
import type { SlackChannel } from '../vendors/slack.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';

const ORGS = [
  { orgId: 'T08NRTHWND1', orgName: 'Northwind Traders', userId: 'W08NRTH0001', userEmail: 'purchasing@northwind-traders.com' },
  { orgId: 'T08INITECH1', orgName: 'Initech Sourcing', userId: 'W08INIT0001', userEmail: 'bill.l@initech-sourcing.com' },
  { orgId: 'T08UMBRELA1', orgName: 'Umbrella Analytics', userId: 'W08UMBR0001', userEmail: 'data@umbrella-analytics.net' },
];

/**
 * T1591.002: a sales rep makes a customer-passwords sheet public, downloads VPN credentials, then invites three
 * organisations never seen in the tenant into a Slack Connect channel within half an hour.
 */
export const slackNewOrgs: Scenario = {
  id: 'attack-slack-new-orgs',
  run(ctx) {
    const rng = ctx.rng;
    const person = ctx.person('omar.nasser@example.com');
    const day = ctx.weekdayFromEnd(3);
    const client = newSlackClient(rng, person.homeIp ?? person.ips[0] ?? '198.51.100.1', person.slackUa);
    const sheet: SlackFile = { id: 'F07CUSTPW01', name: 'customer-passwords.xlsx', title: 'customer-passwords.xlsx', filetype: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
    const vpn: SlackFile = { id: 'F07VPNCRD01', name: 'vpn-credentials.txt', title: 'vpn-credentials.txt', filetype: 'text/plain' };
    const t0 = ctx.at(day, '18:10:14');
    ctx.sink.addSlack(t0, fileEvent(rng, person, t0, 'file_public_link_created', sheet, client));
    const t1 = ctx.at(day, '18:21:40');
    ctx.sink.addSlack(t1, fileEvent(rng, person, t1, 'file_downloaded', vpn, client));
    const times = [t0, t1];
    const channel: SlackChannel = {
      id: 'C08DEALROOM', name: 'deal-room-external', privacy: 'private', is_shared: true, is_org_shared: false, teams_shared_with: ORGS.map((o) => o.orgId),
    };
    let t = ctx.at(day, '19:10:33');
    for (const party of ORGS) {
      ctx.sink.addSlack(t, connectEvent(rng, internalActor(person), t, 'external_shared_channel_invite_sent', { ...channel, teams_shared_with: [party.orgId] }, party, client));
      times.push(t);
      t += rng.int(12, 16) * 60_000;
    }
    return [{
      id: this.id,
      technique: 'T1591.002',
      detectors: ['recon.new-external-org', 'recon.third-party-spike', 'chat.public-link', 'chat.sensitive-files'],
      tier: 1,
      principal: { source: 'slack', id: person.slackId, email: person.email },
      ...span(times),
      description: `${person.email} creates a public link to customer-passwords.xlsx at 18:10 Berlin time, downloads vpn-credentials.txt, ` +
        `then invites ${ORGS.map((o) => o.orgName).join(', ')} (new to the tenant) into a Slack Connect channel from 19:10; ` +
        'chat.public-link and chat.sensitive-files contribute',
      benign: false,
    }];
  },
};
