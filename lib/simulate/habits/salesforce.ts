import type { Prng } from '../prng.ts';
import type { SfReport } from '../catalogue.ts';
import { sfId15, toId18 } from '../salesforce-id.ts';
import type { SfPerson, SfSession } from '../vendors/salesforce.ts';
import { elfLogin, elfReport, elfReportExport, elfUri, newSession, rtemApiEvent, rtemReportEvent } from '../vendors/salesforce.ts';
import type { HabitContext } from './context.ts';
import { between, scaled } from './day-plan.ts';

/** Reports nobody runs in the normal course of work (the attack scenario uses them). */
export const BULK_REPORTS = new Set(['All Contacts with Email', 'All Accounts Full', 'Opportunity History Export']);

const everydayReports = (reports: readonly SfReport[]): SfReport[] => reports.filter((r) => !BULK_REPORTS.has(r.name));

const RECORD_PREFIXES = ['001', '003', '006', '00Q', '500'];

/**
 * Ordinary work never reads more than this many CRM rows in any hour (detections.md's floor is 1,000/h), so every
 * volume alert outside the labelled scenarios is the detector's false positive, not the data's.
 */
export const HOURLY_ROW_BUDGET = 900;

/** Rows that still fit the hourly budget around `t` (sliding: any hour containing `t`), 0 when none do. */
export function rowsRoom(sink: HabitContext['sink'], id18: string, t: number, wanted: number): number {
  const room = HOURLY_ROW_BUDGET - sink.crmRowsWithin(id18, t - 3_600_000 + 1, t + 3_600_000);
  return Math.max(0, Math.min(wanted, room));
}

/** Sales people's daily CRM work: logins, record views, 50–800-row reports, a few API queries from integrations. */
export function salesforceDay(ctx: HabitContext): void {
  const { rng, person, plan, sink, catalogue } = ctx;
  if (!person.sf || !plan.active) return;
  const p = person as SfPerson;
  const role = p.role;
  const sessions: Array<{ s: SfSession; from: number; to: number }> = [];
  const logins = plan.end - plan.start > 3 * 3600_000 ? rng.int(1, 2) : 1;
  const span = (plan.end - plan.start) / logins;
  for (let i = 0; i < logins; i++) {
    const from = plan.start + Math.floor(i * span + rng.next() * 20 * 60_000);
    const s = newSession(rng, plan.ip, p.browserUa);
    sink.addElf('Login', from, elfLogin(rng, p, from, s));
    sessions.push({ s, from: from + 30_000, to: Math.floor(plan.start + (i + 1) * span) });
  }
  const when = (): { t: number; s: SfSession } => {
    const sess = rng.pick(sessions);
    return { t: between(rng, sess.from, sess.to), s: sess.s };
  };
  const reports = everydayReports(catalogue.reports);
  const uriViews = scaled(plan, role === 'sales' ? rng.int(60, 110) : role === 'it-admin' ? rng.int(10, 25) : rng.int(20, 40));
  for (let i = 0; i < uriViews; i++) {
    const { t, s } = when();
    const id15 = sfId15(rng, rng.pick(RECORD_PREFIXES));
    sink.addElf('URI', t, elfUri(rng, p, t, s, toId18(id15)));
  }
  const runs = scaled(plan, role === 'sales' ? rng.int(2, 6) : role === 'sales-ops' ? rng.int(4, 8) : role === 'sales-manager' ? rng.int(3, 6)
    : rng.int(0, 2));
  for (let i = 0; i < runs; i++) {
    const { t, s } = when();
    const report = rng.pick(reports);
    const rows = rowsRoom(sink, p.sf.id18, t, rowsFor(rng));
    if (rows < 50) continue;
    sink.addElf('Report', t, elfReport(rng, p, t, s, report, rows));
    if (rng.chance(role === 'sales-ops' ? 0.2 : 0.06)) {
      const te = t + rng.int(20, 240) * 1000;
      sink.addElf('ReportExport', te, elfReportExport(rng, p, te, s, report));
    }
  }
  if (role === 'sales') {
    // The Outlook integration looks up contacts through the SOAP API.
    for (let i = scaled(plan, rng.int(2, 6)); i > 0; i--) {
      const { t, s } = when();
      const rows = rowsRoom(sink, p.sf.id18, t, rng.int(1, 30));
      if (rows < 1) continue;
      sink.addRtem('ApiEvent', t, rtemApiEvent(rng, p, t, s, {
        entity: rng.pick(['Contact', 'Contact', 'Lead', 'Account']), rows, fields: ['Name', 'Email'],
        apiType: 'SOAP Partner', client: 'Salesforce for Outlook',
      }));
    }
  }
  if (role === 'sales-manager') {
    // Forecast dashboard pulls reports through the Analytics REST API.
    for (let i = scaled(plan, rng.int(1, 3)); i > 0; i--) {
      const { t, s } = when();
      const rows = rowsRoom(sink, p.sf.id18, t, rng.int(100, 600));
      if (rows < 50) continue;
      sink.addRtem('ReportEvent', t, rtemReportEvent(rng, p, t, s, rng.pick(reports), rows));
    }
  }
  if (role === 'sales-ops') {
    for (let i = scaled(plan, rng.int(1, 3)); i > 0; i--) {
      const { t, s } = when();
      const rows = rowsRoom(sink, p.sf.id18, t, rng.int(50, 500));
      if (rows < 50) continue;
      sink.addRtem('ApiEvent', t, rtemApiEvent(rng, p, t, s, {
        entity: rng.pick(['Opportunity', 'Account']), rows, fields: ['Name', 'StageName', 'Amount'],
        apiType: 'REST', client: 'Salesforce Inspector Reloaded',
      }));
    }
  }
}

/** Rows of an everyday report run: mostly small, now and then up to 800. */
const rowsFor = (rng: Prng): number => (rng.chance(0.8) ? rng.int(50, 400) : rng.int(400, 800));
