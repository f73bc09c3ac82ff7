import type { SlackFile } from '../catalogue.ts';
import { anomalyEvent, appInstalled, channelPreview, fileEvent, newSlackClient } from '../vendors/slack.ts';
import { QUIET_CHANNELS } from './slack-channels.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';

/**
 * T1213.005: a marketing user installs a "transcript" app with history and file scopes, previews eight channels,
 * downloads eight files, and Slack raises an anomaly for excessive downloads and scraping.
 */
export const slackAnomalyCrawl: Scenario = {
  id: 'attack-slack-anomaly-crawl',
  run(ctx) {
    const rng = ctx.rng;
    const person = ctx.person('jan.nowak@example.com');
    const day = ctx.weekdayFromEnd(4);
    const client = newSlackClient(rng, person.homeIp ?? person.ips[0] ?? '198.51.100.1', person.slackUa);
    const t0 = ctx.at(day, '19:12:48');
    ctx.sink.addSlack(t0, appInstalled(rng, person, t0, { id: 'A07TRNSCRB1', name: 'Transcribe Everything' },
      ['channels:history', 'groups:history', 'files:read', 'chat:write'], client));
    const times = [t0];
    let t = ctx.at(day, '20:04:30');
    for (const c of QUIET_CHANNELS.slice(0, 8)) {
      ctx.sink.addSlack(t, channelPreview(rng, person, t, c, client));
      times.push(t);
      t += rng.int(25, 35) * 1000;
    }
    t = ctx.at(day, '20:20:00');
    for (const f of rng.sample(ctx.catalogue.slackFiles.filter((x): x is SlackFile => !x.partnerDomain), 8)) {
      ctx.sink.addSlack(t, fileEvent(rng, person, t, 'file_downloaded', f, client));
      times.push(t);
      t += rng.int(90, 150) * 1000;
    }
    const ta = ctx.at(day, '20:41:37');
    ctx.sink.addSlack(ta, anomalyEvent(rng, person, ta, ['excessive_downloads', 'unexpected_scraping'], client));
    times.push(ta);
    return [{
      id: this.id,
      technique: 'T1213.005',
      detectors: ['chat.vendor-anomaly', 'chat.app-scope', 'chat.channel-discovery'],
      tier: 2,
      principal: { source: 'slack', id: person.slackId, email: person.email },
      ...span(times),
      description: `${person.email} installs "Transcribe Everything" (channels:history, files:read) at 19:12 Berlin time, previews 8 ` +
        'channels at 20:04, downloads 8 files, and Slack flags excessive downloads and scraping at 20:41; chat.app-scope and ' +
        'chat.channel-discovery contribute; the new app corroborates a compromise (tier 2)',
      benign: false,
    }];
  },
};
