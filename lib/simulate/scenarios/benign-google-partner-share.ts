import { PARTNERS } from '../org.ts';
import { driveFiles } from '../habits/google-workspace.ts';
import { driveAccess, driveShare } from '../vendors/google-workspace.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';

/**
 * Benign look-alike of the Drive exfiltration: an analyst shares five documents with a contact at a
 * configured partner and downloads a few files to prepare the meeting, in office hours from a usual IP.
 */
export const benignGooglePartnerShare: Scenario = {
  id: 'benign-google-partner-share',
  run(ctx) {
    const rng = ctx.rng;
    const person = ctx.person('emma.lang@example.com');
    const contact = PARTNERS[0]?.contacts[0];
    if (!contact) throw new Error('benign-google-partner-share needs a partner contact');
    const day = ctx.weekdayFromEnd(2);
    const ip = person.ips[0] ?? '198.51.100.1';
    const files = rng.sample(driveFiles(ctx.catalogue), 8);
    let t = ctx.at(day, '10:15:20');
    const times: number[] = [];
    for (const f of files.slice(0, 5)) {
      ctx.sink.addGoogle(t, driveShare(rng, person, t, ip, f, contact.email));
      times.push(t);
      t += rng.int(40, 90) * 1000;
    }
    for (const f of files.slice(2, 8)) {
      ctx.sink.addGoogle(t, driveAccess(rng, person, t, ip, 'download', f));
      times.push(t);
      t += rng.int(30, 60) * 1000;
    }
    return [{
      id: this.id,
      technique: 'T1213.005',
      detectors: ['chat.file-download-volume', 'chat.public-link', 'recon.new-external-org'],
      tier: 1,
      principal: { source: 'google-workspace', id: person.email, email: person.email },
      ...span(times),
      description: `${person.email} shares 5 Drive documents with ${contact.email} (a configured partner) and downloads 6 files ` +
        'in office hours from a usual IP: ordinary partner work, no alert',
      benign: true,
    }];
  },
};
