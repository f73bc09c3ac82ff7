import type { Prng } from '../prng.ts';
import type { SfReport } from '../catalogue.ts';
import type { RecordSink } from '../sink.ts';
import type { SfPerson, SfSession } from '../vendors/salesforce.ts';
import { elfReport, elfReportExport } from '../vendors/salesforce.ts';
import type { ScenarioContext } from './types.ts';

/** A Salesforce user of the roster, or an error naming the scenario that needs one. */
export function sfPerson(ctx: ScenarioContext, email: string, scenario: string): SfPerson {
  const p = ctx.person(email);
  if (!p.sf) throw new Error(`${scenario} needs a Salesforce user, ${email} has no licence`);
  return p as SfPerson;
}

/** Everyday reports (not the bulk ones no one runs), by name. */
export function reportsNamed(ctx: ScenarioContext, names: readonly string[]): SfReport[] {
  return names.map((n) => {
    const r = ctx.catalogue.reports.find((x) => x.name === n);
    if (!r) throw new Error(`report "${n}" missing from the catalogue`);
    return r;
  });
}

/**
 * Run and export each report once, `gapMs` apart from `t0` (ELF `Report` then `ReportExport` a few seconds later).
 * Returns the event times.
 */
export function runAndExport(rng: Prng, sink: RecordSink, person: SfPerson, session: SfSession, reports: readonly SfReport[],
  t0: number, gapMs: number, rows: () => number): number[] {
  const times: number[] = [];
  reports.forEach((report, i) => {
    const t = t0 + i * gapMs;
    sink.addElf('Report', t, elfReport(rng, person, t, session, report, rows()));
    sink.addElf('ReportExport', t + 5_000, elfReportExport(rng, person, t + 5_000, session, report));
    times.push(t, t + 5_000);
  });
  return times;
}

export const EVERYDAY_EXPORTS = ['My Open Opportunities', 'Pipeline by Stage', 'My Accounts', 'Accounts by Industry', 'My Contacts', 'Open Leads'] as const;
