import { elfLogin, elfReport, elfReportExport, newSession } from '../vendors/salesforce.ts';
import { DECOY_REPORT } from './decoy-report.ts';
import { sfPerson } from './sf-report-exports.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';

/** T1213.004: an executive's account opens and exports the decoy report in office hours from a usual IP. */
export const crmHoneytokenRead: Scenario = {
  id: 'attack-crm-honeytoken',
  run(ctx) {
    const rng = ctx.rng;
    const person = sfPerson(ctx, 'markus.adler@example.com', this.id);
    const day = ctx.weekdayFromEnd(2);
    const s = newSession(rng, person.ips[0] ?? '198.51.100.1', person.browserUa);
    const t0 = ctx.at(day, '13:38:20');
    const t1 = t0 + 2 * 60_000;
    const t2 = t1 + 40_000;
    ctx.sink.addElf('Login', t0, elfLogin(rng, person, t0, s));
    ctx.sink.addElf('Report', t1, elfReport(rng, person, t1, s, DECOY_REPORT, 64));
    ctx.sink.addElf('ReportExport', t2, elfReportExport(rng, person, t2, s, DECOY_REPORT));
    return [{
      id: this.id,
      technique: 'T1213.004',
      detectors: ['crm.honeytoken'],
      tier: 2,
      principal: { source: 'salesforce', id: person.sf.id18, email: person.email },
      ...span([t0, t1, t2]),
      description: `${person.email} runs and exports the decoy report "${DECOY_REPORT.name}" (${DECOY_REPORT.id18}) at 13:40 Berlin time`,
      benign: false,
    }];
  },
};
