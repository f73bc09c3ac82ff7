import { oneDriveFile, spFileOperation } from '../vendors/m365.ts';
import { elfLogin, elfReport, elfReportExport, newSession } from '../vendors/salesforce.ts';
import { fileEvent, newSlackClient } from '../vendors/slack.ts';
import { withSalesforce } from './extra-identities.ts';
import { reportsNamed } from './sf-report-exports.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';

/**
 * T1213.004 across sources: an analyst who is leaving, with a Salesforce licence but no habit of using it, runs
 * and exports "My Contacts" in the afternoon — about 1,200 rows, from her usual network in office hours, nothing an
 * export alert would stop — then within two hours uploads the file to her OneDrive, makes an anonymous ("anyone
 * with the link") link to it, and posts it in Slack with a public link. No step alerts alone; the chain (collection,
 * then data leaving the org) is the finding.
 */
export const chainExportThenLeak: Scenario = {
  id: 'attack-chain-export-then-leak',
  run(ctx) {
    const rng = ctx.rng;
    const person = withSalesforce(ctx.person('emma.lang@example.com'));
    const [report] = reportsNamed(ctx, ['My Contacts']);
    const day = ctx.weekdayFromEnd(3);
    const ip = person.officeIp ?? person.ips[0] ?? '198.51.100.1';
    const times: number[] = [];
    const t0 = ctx.at(day, '15:04:31');
    const s = newSession(rng, ip, person.browserUa);
    ctx.sink.addElf('Login', t0, elfLogin(rng, person, t0, s));
    ctx.sink.addElf('Report', t0 + 70_000, elfReport(rng, person, t0 + 70_000, s, report!, 1_200 + rng.int(-100, 100)));
    ctx.sink.addElf('ReportExport', t0 + 95_000, elfReportExport(rng, person, t0 + 95_000, s, report!));
    times.push(t0, t0 + 70_000, t0 + 95_000);
    // 45 minutes later: into her OneDrive, then a link anyone can open.
    const file = oneDriveFile(rng, person, 'Kontakte_2026.xlsx');
    let t = ctx.at(day, '15:49:12');
    ctx.sink.addM365('Audit.SharePoint', t, spFileOperation(rng, person, t, 'FileUploaded', file, ip, person.browserUa));
    times.push(t);
    t += rng.int(60, 120) * 1000;
    ctx.sink.addM365('Audit.SharePoint', t, spFileOperation(rng, person, t, 'AnonymousLinkCreated', file, ip, person.browserUa));
    times.push(t);
    // An hour and a half after the export: the same file posted in Slack with a public link.
    const client = newSlackClient(rng, ip, person.slackUa);
    const slackFile = { id: `F0CHAIN${rng.int(100, 999)}`, name: 'contacts.csv', title: 'contacts.csv', filetype: 'csv' };
    t = ctx.at(day, '16:38:40');
    ctx.sink.addSlack(t, fileEvent(rng, person, t, 'file_uploaded', slackFile, client));
    ctx.sink.addSlack(t + 40_000, fileEvent(rng, person, t + 40_000, 'file_public_link_created', slackFile, client));
    times.push(t, t + 40_000);
    return [{
      id: this.id,
      technique: 'T1213.004',
      detectors: ['chain.exfiltration'],
      tier: 2,
      principal: { source: 'salesforce', id: person.sf.id18, email: person.email },
      ...span(times),
      description: `${person.email} exports "${report!.name}" (~1,200 rows) at 15:05 Berlin time from her usual network, uploads ` +
        'Kontakte_2026.xlsx to OneDrive and makes an anonymous link at 15:49, then posts contacts.csv in Slack with a public link ' +
        'at 16:38: one T1213.004 alert with the chain, tier 2 (a collection followed by data leaving)',
      benign: false,
    }];
  },
};
