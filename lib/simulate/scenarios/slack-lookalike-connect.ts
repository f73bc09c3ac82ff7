import { connectEvent, internalActor, newSlackClient } from '../vendors/slack.ts';
import type { SlackChannel } from '../vendors/slack.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';

/** T1591.002: a partner-facing user accepts a Slack Connect invite from "Acme Logistics Ltd" at acme-logistics.co. */
export const slackLookalikeConnect: Scenario = {
  id: 'attack-slack-lookalike-connect',
  run(ctx) {
    const rng = ctx.rng;
    const person = ctx.person('mia.schneider@example.com');
    const day = ctx.weekdayFromEnd(2);
    const client = newSlackClient(rng, person.ips[0] ?? '198.51.100.1', person.slackUa);
    const channel: SlackChannel = {
      id: 'C07LKACME01', name: 'acme-logistics-billing', privacy: 'private', is_shared: true, is_org_shared: false,
      teams_shared_with: ['T09ACMELGX'],
    };
    const party = { orgId: 'E09ACMELGX', orgName: 'Acme Logistics Ltd', userId: 'W09ACMELG01', userEmail: 'billing@acme-logistics.co' };
    const t1 = ctx.at(day, '10:32:41');
    const t2 = t1 + 47_000;
    const actor = internalActor(person);
    ctx.sink.addSlack(t1, connectEvent(rng, actor, t1, 'external_shared_channel_invite_accepted', channel, party, client));
    ctx.sink.addSlack(t2, connectEvent(rng, actor, t2, 'external_shared_channel_connected', channel, party, client));
    return [{
      id: this.id,
      technique: 'T1591.002',
      detectors: ['recon.lookalike-partner'],
      tier: 2,
      principal: { source: 'slack', id: person.slackId, email: person.email },
      ...span([t1, t2]),
      description: `${person.email} accepts a Slack Connect channel from "Acme Logistics Ltd" (billing@acme-logistics.co), ` +
        'a lookalike of partner Acme Logistics (acmelogistics.com)',
      benign: false,
    }];
  },
};
