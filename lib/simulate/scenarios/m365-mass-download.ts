import { entraUserLoggedIn, spFileOperation } from '../vendors/m365.ts';
import type { Scenario } from './types.ts';
import { span, tierFromHistory } from './types.ts';

/** T1213.005: 60 distinct SharePoint files downloaded in under 15 minutes, in the evening, from an IP never seen for the user. */
export const m365MassDownload: Scenario = {
  id: 'attack-m365-mass-download',
  run(ctx) {
    const rng = ctx.rng;
    const person = ctx.person('paul.richter@example.com');
    const day = ctx.weekdayFromEnd(1);
    const ip = `192.0.2.${rng.int(40, 90)}`;
    const files = rng.sample([...(ctx.catalogue.spFiles.get('Sales') ?? []), ...(ctx.catalogue.spFiles.get('Finance') ?? [])], 60);
    if (files.length < 60) throw new Error('m365-mass-download needs 60 files in the catalogue');
    const t0 = ctx.at(day, '19:41:05');
    const times = [t0];
    ctx.sink.addM365('Audit.AzureActiveDirectory', t0, entraUserLoggedIn(rng, person, t0, ip, person.browserUa));
    let t = t0 + 60_000;
    for (const f of files) {
      ctx.sink.addM365('Audit.SharePoint', t, spFileOperation(rng, person, t, 'FileDownloaded', f, ip, person.browserUa));
      times.push(t);
      t += rng.int(8, 14) * 1000;
    }
    const { tier, note } = tierFromHistory(ctx, 'm365', person.email, t0);
    return [{
      id: this.id,
      technique: 'T1213.005',
      detectors: ['chat.file-download-volume'],
      tier,
      principal: { source: 'm365', id: person.email, email: person.email },
      ...span(times),
      description: `${person.email} downloads 60 distinct Sales and Finance SharePoint files in under 15 minutes at 19:42 ` +
        `Berlin time from ${ip}, an IP never seen for this user${note}`,
      benign: false,
    }];
  },
};
