import type { SfPerson } from '../vendors/salesforce.ts';
import { elfLogin, elfReport, newSession } from '../vendors/salesforce.ts';
import { rowsRoom } from '../habits/salesforce.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';

/** Benign T1213.004: a sales rep runs an ordinary 800-row pipeline report in office hours from a usual IP. */
export const benignReport800: Scenario = {
  id: 'benign-report-800-rows',
  run(ctx) {
    const rng = ctx.rng;
    const person = ctx.person('sofia.marino@example.com') as SfPerson;
    if (!person.sf) throw new Error('benign-report-800 needs a Salesforce user');
    const report = ctx.catalogue.reports.find((r) => r.name === 'Pipeline by Stage');
    if (!report) throw new Error('report "Pipeline by Stage" missing from the catalogue');
    const day = ctx.weekdayFromEnd(1);
    // The first office hour in which her own work leaves room for it: an 800-row run is ordinary, not a burst.
    const slots = ['10:38:02', '11:38:02', '13:38:02', '14:38:02', '15:38:02', '09:38:02', '16:38:02'].map((h) => ctx.at(day, h));
    const t0 = slots.find((t) => rowsRoom(ctx.sink, person.sf.id18, t + 120_000, 800) === 800) ?? slots[0] ?? 0;
    const t1 = t0 + 2 * 60_000;
    const session = newSession(rng, person.ips[0] ?? '198.51.100.1', person.browserUa);
    ctx.sink.addElf('Login', t0, elfLogin(rng, person, t0, session));
    ctx.sink.addElf('Report', t1, elfReport(rng, person, t1, session, report, 800));
    return [{
      id: this.id,
      technique: 'T1213.004',
      detectors: ['crm.export-volume'],
      tier: 1,
      principal: { source: 'salesforce', id: person.sf.id18, email: person.email },
      ...span([t0, t1]),
      description: `${person.email} runs "${report.name}" (800 rows) in office hours from a usual IP: within habits, no alert expected`,
      benign: true,
    }];
  },
};
