import { searchExported } from '../vendors/m365.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';

/** Benign T1213.005: the (privileged) compliance officer exports an eDiscovery search in office hours from the office. */
export const benignEdiscoveryExport: Scenario = {
  id: 'benign-ediscovery-export',
  run(ctx) {
    const rng = ctx.rng;
    const person = ctx.person('helena.roth@example.com');
    const day = ctx.weekdayFromEnd(4);
    const t = ctx.at(day, '11:05:44');
    if (!person.officeIp) throw new Error('benign-ediscovery-export needs an on-site compliance officer');
    ctx.sink.addM365('Audit.General', t, searchExported(rng, person, t, person.officeIp,
      'HR-2026-017 Litigation hold', 'from:"former.employee@example.com" AND sent>=2026-01-01'));
    return [{
      id: this.id,
      technique: 'T1213.005',
      detectors: ['chat.bulk-export'],
      tier: 1,
      principal: { source: 'm365', id: person.email, email: person.email },
      ...span([t]),
      description: `${person.email} (compliance, privileged in the config) exports an eDiscovery search for a legal case at ` +
        '11:05 Berlin time from the office: expected work, no alert expected',
      benign: true,
    }];
  },
};
