import { driveFiles } from '../habits/google-workspace.ts';
import { driveAccess, drivePublicLink, driveShare, gwLogin } from '../vendors/google-workspace.ts';
import type { Scenario } from './types.ts';
import { span, tierFromHistory } from './types.ts';

/**
 * T1213.005 in Google Workspace: one person downloads (and prints some of) 60 distinct Drive documents in about 12
 * minutes in the evening from an IP never seen for them, then opens 6 of them to anyone with the link and shares 4
 * with a personal address outside the org. The download volume alerts; the links and shares are the data leaving
 * that, with the new IP and the hour, make it Tier 2.
 */
export const googleDriveExfil: Scenario = {
  id: 'attack-google-drive-exfil',
  run(ctx) {
    const rng = ctx.rng;
    const person = ctx.person('elias.braun@example.com');
    const day = ctx.weekdayFromEnd(3);
    const ip = `192.0.2.${rng.int(120, 160)}`;
    const files = rng.sample(driveFiles(ctx.catalogue), 60);
    if (files.length < 60) throw new Error('google-drive-exfil needs 60 Drive files in the catalogue');
    const t0 = ctx.at(day, '19:32:10');
    const times = [t0];
    ctx.sink.addGoogle(t0, gwLogin(rng, person, t0, ip));
    let t = t0 + 45_000;
    files.forEach((f, i) => {
      ctx.sink.addGoogle(t, driveAccess(rng, person, t, ip, i % 8 === 3 ? 'print' : 'download', f));
      times.push(t);
      t += rng.int(9, 14) * 1000;
    });
    for (const f of files.slice(0, 6)) {
      t += rng.int(20, 40) * 1000;
      ctx.sink.addGoogle(t, drivePublicLink(rng, person, t, ip, f));
      times.push(t);
    }
    for (const f of files.slice(6, 10)) {
      t += rng.int(20, 40) * 1000;
      ctx.sink.addGoogle(t, driveShare(rng, person, t, ip, f, 'greta.p.private@gmail.com'));
      times.push(t);
    }
    const { tier, note } = tierFromHistory(ctx, 'google-workspace', person.email, t0);
    return [{
      id: this.id,
      technique: 'T1213.005',
      detectors: ['chat.file-download-volume'],
      tier,
      principal: { source: 'google-workspace', id: person.email, email: person.email },
      ...span(times),
      description: `${person.email} downloads or prints 60 distinct Google Drive documents in about 12 minutes at 19:33 Berlin ` +
        `time from ${ip}, an IP never seen for this user, then makes 6 of them public by link and shares 4 with a gmail.com address (data leaving: tier 2)${note}`,
      benign: false,
    }];
  },
};
