import { anomalyEvent, appScopesExpanded, exportEvent, newSlackClient, prefChanged } from '../vendors/slack.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';

/**
 * T1213.005: guardrail change, then collection. A workspace admin (not privileged in the config) widens a backup
 * bot's scopes, Slack flags a stale session cookie, the account switches DLP off, and two hours later starts a
 * standard workspace export, downloading it at once.
 */
export const slackDlpOffExport: Scenario = {
  id: 'attack-slack-dlp-off-export',
  run(ctx) {
    const rng = ctx.rng;
    const person = ctx.person('sara.jovanovic@example.com');
    const day = ctx.weekdayFromEnd(2);
    const client = newSlackClient(rng, person.homeIp ?? person.ips[0] ?? '198.51.100.1', person.slackUa);
    const t0 = ctx.at(day, '17:20:15');
    ctx.sink.addSlack(t0, appScopesExpanded(rng, person, t0, { id: 'A07BKPBOT01', name: 'Backup Bot' }, ['chat:write'],
      ['chat:write', 'channels:history', 'groups:history'], client));
    const t1 = ctx.at(day, '18:16:41');
    ctx.sink.addSlack(t1, anomalyEvent(rng, person, t1, ['session_fingerprint'], client));
    const t2 = ctx.at(day, '19:05:09');
    ctx.sink.addSlack(t2, prefChanged(rng, person, t2, 'pref.dlp_access_changed', 'enabled', 'disabled', client));
    const guard = [t0, t1, t2];
    const e0 = ctx.at(day, '21:10:22');
    const range = { from: e0 - 365 * 86_400_000, to: e0 };
    ctx.sink.addSlack(e0, exportEvent(rng, person, e0, 'manual_export_started', range, client));
    ctx.sink.addSlack(e0 + 31 * 60_000, exportEvent(rng, person, e0 + 31 * 60_000, 'manual_export_completed', range, client));
    ctx.sink.addSlack(e0 + 42 * 60_000, exportEvent(rng, person, e0 + 42 * 60_000, 'manual_export_downloaded', range, client));
    const principal = { source: 'slack' as const, id: person.slackId, email: person.email };
    return [
      {
        id: `${this.id}-guardrail`,
        technique: 'T1213.005',
        detectors: ['chat.guardrail-change', 'chat.app-scope', 'chat.vendor-anomaly'],
        tier: 2,
        principal,
        ...span(guard),
        description: `${person.email} widens "Backup Bot" to channels:history at 17:20 Berlin time, Slack flags session_fingerprint at ` +
          '18:16, DLP is switched off at 19:05; chat.app-scope and chat.vendor-anomaly contribute (compromise corroborated: tier 2)',
        benign: false,
      },
      {
        id: `${this.id}-export`,
        technique: 'T1213.005',
        detectors: ['chat.bulk-export'],
        tier: 2,
        principal,
        ...span([e0, e0 + 31 * 60_000, e0 + 42 * 60_000]),
        description: `${person.email} (not privileged in the config) starts, completes and downloads a workspace export at 21:10 Berlin time, ` +
          'two hours after switching DLP off',
        benign: false,
      },
    ];
  },
};
