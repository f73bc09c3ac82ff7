import { personalFiles } from '../habits/m365.ts';
import { spFileOperation } from '../vendors/m365.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';

/** Benign T1213.005: an analyst's ordinary day: 12 SharePoint downloads spread over office hours, on top of her usual ones. */
export const benignAnalystDownloads: Scenario = {
  id: 'benign-analyst-downloads',
  run(ctx) {
    const rng = ctx.rng;
    const person = ctx.person('nora.lindqvist@example.com');
    const day = ctx.weekdayFromEnd(2);
    const ip = person.ips[0] ?? '198.51.100.1';
    const files = rng.sample(personalFiles({ person, catalogue: ctx.catalogue }), 12);
    const start = ctx.at(day, '09:00');
    const slot = (ctx.at(day, '17:00') - start) / files.length;
    const times = files.map((f, i) => {
      const t = start + Math.floor(i * slot + rng.next() * slot * 0.8);
      ctx.sink.addM365('Audit.SharePoint', t, spFileOperation(rng, person, t, 'FileDownloaded', f, ip, person.browserUa));
      return t;
    });
    return [{
      id: this.id,
      technique: 'T1213.005',
      detectors: ['chat.file-download-volume'],
      tier: 1,
      principal: { source: 'm365', id: person.email, email: person.email },
      ...span(times),
      description: `${person.email} (analyst) downloads 12 files from her team sites spread between 09:00 and 17:00 (besides her usual downloads): an ordinary day, no alert expected`,
      benign: true,
    }];
  },
};
