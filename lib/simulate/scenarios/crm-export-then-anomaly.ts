import { elfReport, newSession, rtemThreatEvent } from '../vendors/salesforce.ts';
import { EVERYDAY_EXPORTS, reportsNamed, runAndExport, sfPerson } from './sf-report-exports.ts';
import { elfLogin } from '../vendors/salesforce.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';

/**
 * T1213.004: six report exports in an evening from an unknown IP, then a report run Threat Detection scores as a
 * ReportAnomaly (88: row count and source IP unusual for the user).
 */
export const crmExportThenAnomaly: Scenario = {
  id: 'attack-crm-export-then-anomaly',
  run(ctx) {
    const rng = ctx.rng;
    const person = sfPerson(ctx, 'hannah.fischer@example.com', this.id);
    const day = ctx.weekdayFromEnd(2);
    const ip = `192.0.2.${rng.int(170, 179)}`;
    const s = newSession(rng, ip, person.browserUa);
    const t0 = ctx.at(day, '19:02:47');
    ctx.sink.addElf('Login', t0, elfLogin(rng, person, t0, s));
    const times = [t0, ...runAndExport(rng, ctx.sink, person, s, reportsNamed(ctx, EVERYDAY_EXPORTS), t0 + 2 * 60_000, 6 * 60_000, () => rng.int(60, 140))];
    const [report] = reportsNamed(ctx, ['Closed Won This Quarter']);
    const t1 = ctx.at(day, '20:21:15');
    ctx.sink.addElf('Report', t1, elfReport(rng, person, t1, s, report!, 640));
    ctx.sink.addRtem('ReportAnomalyEventStore', t1, rtemThreatEvent(rng, person, t1, s, 'ReportAnomalyEventStore', 0.88,
      'Report was run with unusually high value for number of rows (640) from a source IP unusual for this user', [
        { featureName: 'rowCount', featureValue: '640', featureContribution: '47.62 %' },
        { featureName: 'sourceIp', featureValue: ip, featureContribution: '35.18 %' },
      ]));
    times.push(t1);
    return [{
      id: this.id,
      technique: 'T1213.004',
      detectors: ['crm.vendor-anomaly', 'crm.report-export', 'recon.partner-objects'],
      tier: 2,
      principal: { source: 'salesforce', id: person.sf.id18, email: person.email },
      ...span(times),
      description: `${person.email}, from ${ip} (never seen for her), exports 6 reports between 19:04 and 19:35 Berlin time; at 20:21 ` +
        'Threat Detection scores a report run as a ReportAnomaly (88); crm.report-export contributes',
      benign: false,
    }];
  },
};
