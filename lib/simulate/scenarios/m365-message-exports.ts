import { TEAMS } from '../habits/m365.ts';
import { searchExported, teamsMessagesExported } from '../vendors/m365.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';

/**
 * T1213.005: bulk message exports by people who are not privileged in the config, at night from unknown IPs: an
 * analyst exports an eDiscovery search over all sales mailboxes; an engineer exports a Teams team's messages through
 * the Graph export API.
 */
export const m365MessageExports: Scenario = {
  id: 'attack-m365-message-exports',
  run(ctx) {
    const rng = ctx.rng;
    const analyst = ctx.person('yusuf.demir@example.com');
    const engineer = ctx.person('leon.meyer@example.com');
    const day = ctx.weekdayFromEnd(2);
    const ipA = `192.0.2.${rng.int(190, 199)}`;
    const ipE = `192.0.2.${rng.int(200, 209)}`;
    const t1 = ctx.at(day, '23:18:27');
    ctx.sink.addM365('Audit.General', t1, searchExported(rng, analyst, t1, ipA, 'Sales mailboxes review',
      'kind:email AND (participants:"@example.com") AND sent>=2026-01-01 AND (pricing OR contract OR discount)'));
    const t2 = ctx.at(day, '22:12:05');
    ctx.sink.addM365('Audit.General', t2, teamsMessagesExported(rng, engineer, t2, ipE, TEAMS.sales, 400, 'de8bc8b5-d9f9-48b1-a8ad-b748da725064'));
    return [
      {
        id: `${this.id}-ediscovery`,
        technique: 'T1213.005',
        detectors: ['chat.bulk-export'],
        tier: 2,
        principal: { source: 'm365', id: analyst.email, email: analyst.email },
        ...span([t1]),
        description: `${analyst.email} (not privileged) exports an eDiscovery search over all sales mailboxes at 23:18 Berlin time from ${ipA}, never seen for him`,
        benign: false,
      },
      {
        id: `${this.id}-teams`,
        technique: 'T1213.005',
        detectors: ['chat.bulk-export'],
        tier: 2,
        principal: { source: 'm365', id: engineer.email, email: engineer.email },
        ...span([t2]),
        description: `${engineer.email} (not privileged) exports 400 messages of Teams "${TEAMS.sales.name}" through the Graph export API at 22:12 Berlin time from ${ipE}`,
        benign: false,
      },
    ];
  },
};
