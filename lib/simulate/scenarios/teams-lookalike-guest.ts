import { guestUpn } from '../org.ts';
import { TEAMS } from '../habits/m365.ts';
import { teamsMemberAdded } from '../vendors/m365.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';

/** T1591.002: a guest from acmelogistlcs.com (l→1-style homoglyph of acmelogistics.com) is added to a Teams team. */
export const teamsLookalikeGuest: Scenario = {
  id: 'attack-teams-lookalike-guest',
  run(ctx) {
    const rng = ctx.rng;
    const person = ctx.person('katrin.vogel@example.com');
    const day = ctx.weekdayFromEnd(1);
    const t = ctx.at(day, '11:15:09');
    const guest = 'accounts@acmelogistlcs.com';
    ctx.sink.addM365('Audit.General', t, teamsMemberAdded(rng, person, t, person.ips[0] ?? '198.51.100.1', TEAMS.partners,
      [{ UPN: guestUpn(guest), Role: 2, DisplayName: 'Accounts (Acme Logistics)' }]));
    return [{
      id: this.id,
      technique: 'T1591.002',
      detectors: ['recon.lookalike-partner'],
      tier: 2,
      principal: { source: 'm365', id: person.email, email: person.email },
      ...span([t]),
      description: `${person.email} adds guest ${guest} (#EXT#) to Teams "${TEAMS.partners.name}": a lookalike of partner ` +
        'Acme Logistics (acmelogistics.com)',
      benign: false,
    }];
  },
};
