import { elfLogin, elfReport, newSession, rtemThreatEvent } from '../vendors/salesforce.ts';
import { EVERYDAY_EXPORTS, reportsNamed, runAndExport, sfPerson } from './sf-report-exports.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';

/**
 * T1213.004: Salesforce Threat Detection flags a report run (ReportAnomaly, score 91: unusual columns and time of
 * day); within the hour the same user exports six reports, from home after hours.
 */
export const crmAnomalyThenExport: Scenario = {
  id: 'attack-crm-anomaly-then-export',
  run(ctx) {
    const rng = ctx.rng;
    const person = sfPerson(ctx, 'david.kowalski@example.com', this.id);
    const day = ctx.weekdayFromEnd(3);
    const ip = person.homeIp ?? `192.0.2.${rng.int(160, 169)}`;
    const s = newSession(rng, ip, person.browserUa);
    const t0 = ctx.at(day, '18:41:09');
    ctx.sink.addElf('Login', t0, elfLogin(rng, person, t0, s));
    const [report] = reportsNamed(ctx, ['Accounts by Industry']);
    const t1 = t0 + 3 * 60_000;
    ctx.sink.addElf('Report', t1, elfReport(rng, person, t1, s, report!, 780));
    ctx.sink.addRtem('ReportAnomalyEventStore', t1, rtemThreatEvent(rng, person, t1, s, 'ReportAnomalyEventStore', 0.91,
      'Report was run with unusually high value for number of columns (26) and an unusual time of day for this user', [
        { featureName: 'numberOfColumns', featureValue: '26', featureContribution: '52.10 %' },
        { featureName: 'dayOfWeekAndHour', featureValue: 'evening', featureContribution: '28.40 %' },
        { featureName: 'rowCount', featureValue: '780', featureContribution: '9.93 %' },
      ]));
    const times = [t0, t1, ...runAndExport(rng, ctx.sink, person, s, reportsNamed(ctx, EVERYDAY_EXPORTS), ctx.at(day, '19:08:30'), 5 * 60_000, () => rng.int(60, 140))];
    return [{
      id: this.id,
      technique: 'T1213.004',
      detectors: ['crm.report-export', 'crm.vendor-anomaly', 'recon.partner-objects'],
      tier: 2,
      principal: { source: 'salesforce', id: person.sf.id18, email: person.email },
      ...span(times),
      description: `${person.email}: Threat Detection ReportAnomaly (score 91) at 18:44 Berlin time, then 6 report exports between ` +
        '19:08 and 19:34: crm.report-export is expected to tip the correlation (crm.vendor-anomaly when an earlier signal of the day ' +
        'already adds up); the anomaly corroborates a compromise, hence tier 2',
      benign: false,
    }];
  },
};
