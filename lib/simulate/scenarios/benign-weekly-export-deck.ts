import { oneDriveFile, spFileOperation } from '../vendors/m365.ts';
import { elfLogin, elfReport, elfReportExport, newSession } from '../vendors/salesforce.ts';
import { fileEvent, newSlackClient } from '../vendors/slack.ts';
import { withSalesforce } from './extra-identities.ts';
import { reportsNamed } from './sf-report-exports.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';
import { fullWeekdays } from './window-days.ts';

/**
 * Benign look-alike of the exfiltration chain: every Monday an analyst exports "Pipeline by Stage", builds the
 * weekly deck, saves it to his OneDrive and posts it in the team's internal Slack channel within the hour. Export,
 * upload and share — but nothing leaves the org: no public link, nobody outside it. Must not chain.
 */
export const benignWeeklyExportDeck: Scenario = {
  id: 'benign-weekly-export-deck',
  run(ctx) {
    const rng = ctx.rng;
    const person = withSalesforce(ctx.person('elias.braun@example.com'));
    const [report] = reportsNamed(ctx, ['Pipeline by Stage']);
    const ip = person.officeIp ?? person.ips[0] ?? '198.51.100.1';
    const days = fullWeekdays(ctx);
    // Mondays (the first weekday of the window when it holds none, so a short window still exercises it).
    const mondays = days.filter((d) => d.weekday === 1);
    const chosen = mondays.length > 0 ? mondays : days.slice(0, 1);
    const times: number[] = [];
    for (const d of chosen) {
      const t = ctx.at(d, '09:20:00') + rng.int(0, 20 * 60) * 1000;
      const s = newSession(rng, ip, person.browserUa);
      ctx.sink.addElf('Login', t - 60_000, elfLogin(rng, person, t - 60_000, s));
      ctx.sink.addElf('Report', t, elfReport(rng, person, t, s, report!, 300 + rng.int(-30, 30)));
      ctx.sink.addElf('ReportExport', t + 25_000, elfReportExport(rng, person, t + 25_000, s, report!));
      const deck = oneDriveFile(rng, person, `Weekly pipeline ${d.y}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}.pptx`);
      const up = t + rng.int(30, 50) * 60_000;
      ctx.sink.addM365('Audit.SharePoint', up, spFileOperation(rng, person, up, 'FileUploaded', deck, ip, person.browserUa));
      const client = newSlackClient(rng, ip, person.slackUa);
      const file = { id: `F0DECK${rng.int(1000, 9999)}`, name: deck.fileName, title: deck.fileName, filetype: 'pptx' };
      const post = up + rng.int(3, 8) * 60_000;
      ctx.sink.addSlack(post, fileEvent(rng, person, post, 'file_uploaded', file, client));
      ctx.sink.addSlack(post + 2_000, fileEvent(rng, person, post + 2_000, 'file_shared', file, client));
      times.push(t - 60_000, t, t + 25_000, up, post, post + 2_000);
    }
    return [{
      id: this.id,
      technique: 'T1213.004',
      detectors: ['chain.exfiltration', 'crm.report-export'],
      tier: 1,
      principal: { source: 'salesforce', id: person.sf.id18, email: person.email },
      ...span(times),
      description: `${person.email} exports "${report!.name}" every Monday morning, saves the weekly deck to OneDrive and posts it ` +
        'in an internal Slack channel within the hour: export, upload and share, but nothing leaves the org; no alert expected',
      benign: true,
    }];
  },
};
