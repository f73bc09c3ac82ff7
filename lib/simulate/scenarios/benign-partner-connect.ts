import { PARTNERS, guestUpn } from '../org.ts';
import { TEAMS } from '../habits/m365.ts';
import { teamsMemberAdded } from '../vendors/m365.ts';
import { connectEvent, fileEvent, internalActor, newSlackClient } from '../vendors/slack.ts';
import type { SlackChannel } from '../vendors/slack.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';

/** Benign T1591.002: real partners (configured domains) connect in Slack and join Teams as guests. */
export const benignPartnerConnect: Scenario = {
  id: 'benign-partner-connect',
  run(ctx) {
    const rng = ctx.rng;
    const [acme, globex] = PARTNERS;
    if (!acme || !globex) throw new Error('benign-partner-connect needs both partners');
    const day = ctx.weekdayFromEnd(4);

    const zoe = ctx.person('zoe.fuchs@example.com');
    const client = newSlackClient(rng, zoe.ips[0] ?? '198.51.100.1', zoe.slackUa);
    const contact = globex.contacts[0];
    if (!contact) throw new Error('partner without contacts');
    const channel: SlackChannel = {
      id: 'C05GLOBEXOP', name: 'ext-globex-supply-ops', privacy: 'private', is_shared: true, is_org_shared: false,
      teams_shared_with: [globex.slackTeam.id],
    };
    const party = { orgId: globex.slackTeam.id, orgName: globex.name, userId: contact.slackId, userEmail: contact.email };
    const t1 = ctx.at(day, '09:50:12');
    const t2 = t1 + 6 * 60_000;
    const t3 = t2 + 30_000;
    ctx.sink.addSlack(t1, connectEvent(rng, internalActor(zoe), t1, 'external_shared_channel_invite_sent', channel, party, client));
    const external = { id: contact.slackId, name: contact.name, email: contact.email, team: globex.slackTeam.id };
    ctx.sink.addSlack(t2, connectEvent(rng, external, t2, 'external_shared_channel_invite_accepted', channel, party,
      newSlackClient(rng, '192.0.2.200', zoe.slackUa)));
    ctx.sink.addSlack(t3, connectEvent(rng, internalActor(zoe), t3, 'external_shared_channel_connected', channel, party, client));
    const slackTimes = [t1, t2, t3];
    for (const f of rng.sample(ctx.catalogue.slackFiles.filter((x) => x.partnerDomain === globex.domain), 2)) {
      const t = t3 + rng.int(10, 90) * 60_000;
      ctx.sink.addSlack(t, fileEvent(rng, zoe, t, 'file_downloaded', f, client));
      slackTimes.push(t);
    }

    const moritz = ctx.person('moritz.berger@example.com');
    const acmeContact = acme.contacts[1] ?? acme.contacts[0];
    if (!acmeContact) throw new Error('partner without contacts');
    const tg = ctx.at(day, '14:20:37');
    ctx.sink.addM365('Audit.General', tg, teamsMemberAdded(rng, moritz, tg, moritz.ips[0] ?? '198.51.100.1', TEAMS.partners,
      [{ UPN: guestUpn(acmeContact.email), Role: 2, DisplayName: `${acmeContact.name} (${acme.name})` }]));

    return [
      {
        id: `${this.id}-slack`,
        technique: 'T1591.002',
        detectors: ['recon.lookalike-partner'],
        tier: 1,
        principal: { source: 'slack', id: zoe.slackId, email: zoe.email },
        ...span(slackTimes),
        description: `${zoe.email} opens a Slack Connect channel with partner ${globex.name} (${contact.email}) and downloads ` +
          'two files the partner shared: a configured partner, no alert expected',
        benign: true,
      },
      {
        id: `${this.id}-teams`,
        technique: 'T1591.002',
        detectors: ['recon.lookalike-partner'],
        tier: 1,
        principal: { source: 'm365', id: moritz.email, email: moritz.email },
        ...span([tg]),
        description: `${moritz.email} adds partner contact ${acmeContact.email} as a Teams guest: a configured partner, no alert expected`,
        benign: true,
      },
    ];
  },
};
