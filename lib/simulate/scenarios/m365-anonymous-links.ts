import { oneDriveFile, spFileOperation } from '../vendors/m365.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';

const SECRETS = ['passwords.xlsx', 'Bank credentials 2026.xlsx', 'Confidential - Payroll Q4.xlsx'];

/**
 * T1213.005: a finance user downloads three secret-looking files in the evening, then creates anonymous
 * ("anyone with the link") links for twelve Finance files within half an hour, passwords.xlsx among them.
 */
export const m365AnonymousLinks: Scenario = {
  id: 'attack-m365-anonymous-links',
  run(ctx) {
    const rng = ctx.rng;
    const person = ctx.person('ines.costa@example.com');
    const day = ctx.weekdayFromEnd(2);
    const ip = person.homeIp ?? person.ips[0] ?? '198.51.100.1';
    const secrets = SECRETS.map((name) => oneDriveFile(rng, person, name));
    const times: number[] = [];
    let t = ctx.at(day, '19:11:26');
    for (const f of secrets) {
      ctx.sink.addM365('Audit.SharePoint', t, spFileOperation(rng, person, t, 'FileDownloaded', f, ip, person.browserUa));
      times.push(t);
      t += rng.int(60, 150) * 1000;
    }
    const finance = rng.sample(ctx.catalogue.spFiles.get('Finance') ?? [], 11);
    if (finance.length < 11) throw new Error('m365-anonymous-links needs 11 Finance files');
    const linked = [secrets[0]!, ...finance];
    t = ctx.at(day, '20:04:02');
    for (const f of linked) {
      ctx.sink.addM365('Audit.SharePoint', t, spFileOperation(rng, person, t, 'AnonymousLinkCreated', f, ip, person.browserUa));
      times.push(t);
      t += rng.int(100, 160) * 1000;
    }
    return [{
      id: this.id,
      technique: 'T1213.005',
      detectors: ['chat.public-link', 'chat.sensitive-files'],
      tier: 1,
      principal: { source: 'm365', id: person.email, email: person.email },
      ...span(times),
      description: `${person.email} downloads ${SECRETS.join(', ')} at 19:11 Berlin time, then creates ${linked.length} anonymous links ` +
        'between 20:04 and 20:35, passwords.xlsx first; chat.sensitive-files contributes. From a usual IP, no escalation reason: tier 1',
      benign: false,
    }];
  },
};
