import { PARTNERS } from '../org.ts';
import { sharingInvitationCreated } from '../vendors/m365.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';
import { fullWeekdays } from './window-days.ts';
import { dateKey } from '../zoned-time.ts';

/** Outsiders never seen in the tenant (none resembles a partner or example.com). */
const OUTSIDERS = ['buyer@rivalcorp.io', 'ops@brightwave-freight.com', 'deals@tallbridge.co', 'm.kent@halcyon-partners.net'];

/**
 * T1591.002: a sales rep who shares a proposal with a partner contact most days (her habit, written over the whole
 * window) shares a confidential price list with four organisations never seen in the tenant within 90 minutes.
 */
export const m365PartnerSpike: Scenario = {
  id: 'attack-m365-partner-spike',
  run(ctx) {
    const rng = ctx.rng;
    const person = ctx.person('julia.weber@example.com');
    const ip = person.ips[0] ?? '198.51.100.1';
    const sales = ctx.catalogue.spFiles.get('Sales') ?? [];
    const attackDay = ctx.weekdayFromEnd(1);
    const contacts = PARTNERS.flatMap((p) => p.contacts.map((c) => c.email));
    for (const d of fullWeekdays(ctx)) {
      if (dateKey(d) === dateKey(attackDay) || !rng.chance(0.6)) continue;
      const t = ctx.at(d, `${rng.int(10, 15)}:${String(rng.int(0, 59)).padStart(2, '0')}`);
      ctx.sink.addM365('Audit.SharePoint', t, sharingInvitationCreated(rng, person, t, rng.pick(sales), ip, person.browserUa, rng.pick(contacts)));
    }
    const priceList = { ...rng.pick(sales), fileName: 'Confidential pricing EMEA 2027.xlsx', extension: 'xlsx' };
    priceList.objectId = `${priceList.siteUrl}${priceList.relativeUrl}/${priceList.fileName}`;
    const times: number[] = [];
    const at = ['14:05:31', '15:09:12', '15:18:40', '15:27:03'];
    OUTSIDERS.forEach((target, i) => {
      const t = ctx.at(attackDay, at[i] ?? '15:30:00');
      ctx.sink.addM365('Audit.SharePoint', t, sharingInvitationCreated(rng, person, t, priceList, ip, person.browserUa, target));
      times.push(t);
    });
    return [{
      id: this.id,
      technique: 'T1591.002',
      detectors: ['recon.third-party-spike', 'recon.new-external-org', 'chat.sensitive-files'],
      tier: 1,
      principal: { source: 'm365', id: person.email, email: person.email },
      ...span(times),
      description: `${person.email}, who shares a proposal with a partner contact most days, shares "${priceList.fileName}" with ` +
        `${OUTSIDERS.length} organisations never seen in the tenant between 14:05 and 15:27 Berlin time; ` +
        'chat.sensitive-files and recon.new-external-org contribute',
      benign: false,
    }];
  },
};
