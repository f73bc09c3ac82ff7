import { anomalyEvent, appInstalled, appScopesExpanded, channelPreview, newSlackClient } from '../vendors/slack.ts';
import { QUIET_CHANNELS } from './slack-channels.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';

/**
 * T1213.005: an engineer's session is flagged (stale cookie, unexpected user agent), previews seven channels, then
 * installs a sync app with history, file and e-mail scopes and widens another to search:read.
 */
export const slackAppInstall: Scenario = {
  id: 'attack-slack-app-install',
  run(ctx) {
    const rng = ctx.rng;
    const person = ctx.person('ella.kaiser@example.com');
    const day = ctx.weekdayFromEnd(3);
    const client = newSlackClient(rng, person.homeIp ?? person.ips[0] ?? '198.51.100.1', person.slackUa);
    const t0 = ctx.at(day, '18:42:55');
    ctx.sink.addSlack(t0, anomalyEvent(rng, person, t0, ['session_fingerprint', 'unexpected_user_agent'], client));
    const times = [t0];
    let t = ctx.at(day, '19:05:10');
    for (const c of QUIET_CHANNELS.slice(4, 11)) {
      ctx.sink.addSlack(t, channelPreview(rng, person, t, c, client));
      times.push(t);
      t += rng.int(30, 40) * 1000;
    }
    const t1 = ctx.at(day, '19:31:20');
    ctx.sink.addSlack(t1, appInstalled(rng, person, t1, { id: 'A07GDSYNC01', name: 'GDrive Sync Pro' },
      ['channels:history', 'files:read', 'users:read.email'], client));
    const t2 = t1 + 3 * 60_000;
    ctx.sink.addSlack(t2, appScopesExpanded(rng, person, t2, { id: 'A05STANDUP1', name: 'Standup Helper' }, ['chat:write', 'commands'],
      ['chat:write', 'commands', 'search:read'], client));
    times.push(t1, t2);
    return [{
      id: this.id,
      technique: 'T1213.005',
      detectors: ['chat.app-scope', 'chat.vendor-anomaly', 'chat.channel-discovery'],
      tier: 2,
      principal: { source: 'slack', id: person.slackId, email: person.email },
      ...span(times),
      description: `${person.email}: Slack anomaly (session_fingerprint, unexpected_user_agent) at 18:42 Berlin time, 7 channels previewed ` +
        'at 19:05, then "GDrive Sync Pro" installed with channels:history/files:read and "Standup Helper" widened to search:read; ' +
        'chat.vendor-anomaly and chat.channel-discovery contribute (compromise corroborated: tier 2)',
      benign: false,
    }];
  },
};
