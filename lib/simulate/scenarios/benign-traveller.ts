import { personalFiles } from '../habits/m365.ts';
import { entraUserLoggedIn, mailItemsAccessed, spFileOperation } from '../vendors/m365.ts';
import { fileEvent, newSlackClient, userLogin } from '../vendors/slack.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';

/** Benign: an analyst on a trip signs in from a hotel network (an IP never seen for her) and does a little work. */
export const benignTraveller: Scenario = {
  id: 'benign-traveller',
  run(ctx) {
    const rng = ctx.rng;
    const person = ctx.person('lea.krause@example.com');
    const day = ctx.weekdayFromEnd(1);
    const ip = `81.2.69.${rng.int(140, 160)}`;
    const times: number[] = [];
    const t0 = ctx.at(day, '07:12:40');
    ctx.sink.addM365('Audit.AzureActiveDirectory', t0, entraUserLoggedIn(rng, person, t0, ip, person.browserUa));
    times.push(t0);
    const files = rng.sample(personalFiles({ person, catalogue: ctx.catalogue }), 6);
    files.forEach((f, i) => {
      const t = t0 + (i + 1) * rng.int(4, 9) * 60_000;
      ctx.sink.addM365('Audit.SharePoint', t, spFileOperation(rng, person, t, i < 2 ? 'FileDownloaded' : 'FileAccessed', f, ip, person.browserUa));
      times.push(t);
    });
    const tm = t0 + 3 * 60_000;
    ctx.sink.addM365('Audit.Exchange', tm, mailItemsAccessed(rng, person, tm, ip, { accessType: 'Sync', count: 14, mobile: false }));
    const client = newSlackClient(rng, ip, person.slackUa);
    const ts = t0 + 5 * 60_000;
    ctx.sink.addSlack(ts, userLogin(rng, person, ts, client));
    const f = rng.pick(ctx.catalogue.slackFiles.filter((x) => !x.partnerDomain));
    ctx.sink.addSlack(ts + 90_000, fileEvent(rng, person, ts + 90_000, 'file_downloaded', f, client));
    times.push(tm, ts, ts + 90_000);
    return [{
      id: this.id,
      technique: 'T1213.005',
      detectors: ['chat.file-download-volume', 'chat.mail-items'],
      tier: 1,
      principal: { source: 'm365', id: person.email, email: person.email },
      ...span(times),
      description: `${person.email} signs in from a hotel network (${ip}, never seen for her) at 07:12 Berlin time, opens 6 files ` +
        '(2 downloads), syncs mail and downloads one Slack file: a new IP with little activity, no alert expected',
      benign: true,
    }];
  },
};
