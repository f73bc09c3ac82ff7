import { elfReport, elfReportExport, newSession } from '../vendors/salesforce.ts';
import { EVERYDAY_EXPORTS, reportsNamed, sfPerson } from './sf-report-exports.ts';
import type { TruthEntry } from '../truth.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';

/** The whole sales team but the reps with a labelled attack on them. */
const REPS = ['lena.hoffmann@example.com', 'sofia.marino@example.com', 'clara.neumann@example.com', 'ben.carter@example.com'];

/**
 * Benign T1213.004: the last day of the period, several reps run two to three times their usual reports (8–10
 * extra runs of 150–450 rows through office hours) and export two of them.
 */
export const benignQuarterEnd: Scenario = {
  id: 'benign-quarter-end',
  run(ctx) {
    const rng = ctx.rng;
    const day = ctx.weekdayFromEnd(1);
    const reports = reportsNamed(ctx, EVERYDAY_EXPORTS);
    return REPS.map((email): TruthEntry => {
      const person = sfPerson(ctx, email, this.id);
      const s = newSession(rng, person.officeIp ?? person.ips[0] ?? '198.51.100.1', person.browserUa);
      const runs = rng.int(8, 10);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = ctx.at(day, '09:30') + Math.floor((i + rng.next()) * (7.5 * 3_600_000) / runs);
        const report = rng.pick(reports);
        ctx.sink.addElf('Report', t, elfReport(rng, person, t, s, report, rng.int(150, 450)));
        times.push(t);
        if (i % 4 === 1) {
          ctx.sink.addElf('ReportExport', t + 30_000, elfReportExport(rng, person, t + 30_000, s, report));
          times.push(t + 30_000);
        }
      }
      return {
        id: `${this.id}-${email.split('@')[0]!.replace('.', '-')}`,
        technique: 'T1213.004',
        detectors: ['crm.export-volume', 'crm.report-export'],
        tier: 1,
        principal: { source: 'salesforce', id: person.sf.id18, email: person.email },
        ...span(times),
        description: `${person.email} runs ${runs} extra reports (150–450 rows) through the last day of the period, exporting a few, ` +
          'from the office: a period-end bump across the team, no tier-2 alert expected',
        benign: true,
      };
    });
  },
};
