import { TEAMS } from '../habits/m365.ts';
import { guestUpn } from '../org.ts';
import { oneDriveFile, spFileOperation, teamsMemberAdded, teamsMemberRemoved } from '../vendors/m365.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';

const GUEST = 'k.wolf.advisory@northbridge-advisory.com';

/**
 * T1591.002: in and out. A finance user downloads a vendor bank-credentials sheet, adds an outside guest (a domain
 * never seen in the tenant) to the Partner Operations team at 21:05 and removes them 40 minutes later.
 */
export const teamsTemporaryGuest: Scenario = {
  id: 'attack-teams-temporary-guest',
  run(ctx) {
    const rng = ctx.rng;
    const person = ctx.person('karl.wolf@example.com');
    const day = ctx.weekdayFromEnd(3);
    const ip = person.homeIp ?? person.ips[0] ?? '198.51.100.1';
    const t0 = ctx.at(day, '20:31:18');
    ctx.sink.addM365('Audit.SharePoint', t0, spFileOperation(rng, person, t0, 'FileDownloaded',
      oneDriveFile(rng, person, 'Vendor bank credentials.xlsx'), ip, person.browserUa));
    const member = [{ UPN: guestUpn(GUEST), Role: 2 as const, DisplayName: 'K. Wolf (Northbridge Advisory)' }];
    const t1 = ctx.at(day, '21:05:44');
    const t2 = ctx.at(day, '21:46:09');
    ctx.sink.addM365('Audit.General', t1, teamsMemberAdded(rng, person, t1, ip, TEAMS.partners, member));
    ctx.sink.addM365('Audit.General', t2, teamsMemberRemoved(rng, person, t2, ip, TEAMS.partners, member));
    return [{
      id: this.id,
      technique: 'T1591.002',
      detectors: ['recon.temporary-external', 'recon.new-external-org', 'chat.sensitive-files'],
      tier: 1,
      principal: { source: 'm365', id: person.email, email: person.email },
      ...span([t0, t1, t2]),
      description: `${person.email} downloads "Vendor bank credentials.xlsx" at 20:31 Berlin time, adds guest ${GUEST} to Teams ` +
        `"${TEAMS.partners.name}" at 21:05 and removes them at 21:46; chat.sensitive-files and recon.new-external-org contribute`,
      benign: false,
    }];
  },
};
