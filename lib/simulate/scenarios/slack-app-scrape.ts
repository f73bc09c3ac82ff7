import { anomalyEvent, appScopesExpanded, channelPreview, newSlackClient } from '../vendors/slack.ts';
import { QUIET_CHANNELS } from './slack-channels.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';

/**
 * T1213.005: a marketing user grants an app read scopes over channels, files and search; Slack flags unusual API
 * volume and scraping an hour later; then the account previews nine quiet channels in five minutes.
 */
export const slackAppScrape: Scenario = {
  id: 'attack-slack-app-scrape',
  run(ctx) {
    const rng = ctx.rng;
    const person = ctx.person('greta.peters@example.com');
    const day = ctx.weekdayFromEnd(3);
    const client = newSlackClient(rng, person.homeIp ?? person.ips[0] ?? '198.51.100.1', person.slackUa);
    const t0 = ctx.at(day, '20:10:33');
    ctx.sink.addSlack(t0, appScopesExpanded(rng, person, t0, { id: 'A07DRVEXP01', name: 'Drive Exporter' }, ['chat:write', 'commands'],
      ['chat:write', 'commands', 'channels:history', 'files:read', 'search:read'], client));
    const t1 = ctx.at(day, '21:22:10');
    ctx.sink.addSlack(t1, anomalyEvent(rng, person, t1, ['unexpected_api_call_volume', 'unexpected_scraping'], client));
    const times = [t0, t1];
    let t = ctx.at(day, '22:05:02');
    for (const c of QUIET_CHANNELS.slice(3, 12)) {
      ctx.sink.addSlack(t, channelPreview(rng, person, t, c, client));
      times.push(t);
      t += rng.int(20, 30) * 1000;
    }
    return [{
      id: this.id,
      technique: 'T1213.005',
      detectors: ['chat.channel-discovery', 'chat.app-scope', 'chat.vendor-anomaly'],
      tier: 2,
      principal: { source: 'slack', id: person.slackId, email: person.email },
      ...span(times),
      description: `${person.email} grants "Drive Exporter" channels:history, files:read, search:read at 20:10 Berlin time; Slack anomaly ` +
        '(API volume, scraping) at 21:22; 9 channels previewed without joining at 22:05. chat.app-scope and chat.vendor-anomaly ' +
        'contribute; the new app and the anomaly corroborate a compromise (tier 2)',
      benign: false,
    }];
  },
};
