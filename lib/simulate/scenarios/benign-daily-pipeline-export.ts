import { elfLogin, elfReport, elfReportExport, newSession } from '../vendors/salesforce.ts';
import { withSalesforce } from './extra-identities.ts';
import { reportsNamed } from './sf-report-exports.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';
import { fullWeekdays } from './window-days.ts';

const LABELLED_DAYS = 5;

/**
 * Benign T1213.004: the sales-ops analyst pulls the pipeline (3,000 rows) and exports it every weekday morning for
 * the forecast call — his habit over the whole window, his only Salesforce work.
 */
export const benignDailyPipelineExport: Scenario = {
  id: 'benign-daily-pipeline-export',
  run(ctx) {
    const rng = ctx.rng;
    const person = withSalesforce(ctx.person('tim.hartmann@example.com'));
    const [report] = reportsNamed(ctx, ['Pipeline by Stage']);
    const ip = person.officeIp ?? person.ips[0] ?? '198.51.100.1';
    const days = fullWeekdays(ctx);
    const labelled: number[] = [];
    days.forEach((d, i) => {
      const t = ctx.at(d, '08:40:00') + rng.int(0, 15 * 60) * 1000;
      const s = newSession(rng, ip, person.browserUa);
      ctx.sink.addElf('Login', t - 60_000, elfLogin(rng, person, t - 60_000, s));
      ctx.sink.addElf('Report', t, elfReport(rng, person, t, s, report!, 3_000 + rng.int(-60, 60)));
      ctx.sink.addElf('ReportExport', t + 20_000, elfReportExport(rng, person, t + 20_000, s, report!));
      if (i >= days.length - LABELLED_DAYS) labelled.push(t - 60_000, t, t + 20_000);
    });
    return [{
      id: this.id,
      technique: 'T1213.004',
      detectors: ['crm.export-volume', 'crm.report-export'],
      tier: 1,
      principal: { source: 'salesforce', id: person.sf.id18, email: person.email },
      ...span(labelled),
      description: `${person.email} (sales-ops analyst) runs and exports "${report!.name}" (~3,000 rows) every weekday at ~08:45 Berlin time ` +
        `from the office; the last ${LABELLED_DAYS} weekdays are labelled: his habit, no tier-2 alert expected`,
      benign: true,
    }];
  },
};
