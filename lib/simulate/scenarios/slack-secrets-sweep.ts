import type { SlackFile } from '../catalogue.ts';
import { anomalyEvent, channelPreview, fileEvent, newSlackClient } from '../vendors/slack.ts';
import { QUIET_CHANNELS } from './slack-channels.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';

const SECRETS: SlackFile[] = [
  { id: 'F07SECR0001', name: 'prod-db-passwords.txt', title: 'prod-db-passwords.txt', filetype: 'text/plain' },
  { id: 'F07SECR0002', name: 'deploy-key.pem', title: 'deploy-key.pem', filetype: 'application/x-pem-file' },
  { id: 'F07SECR0003', name: 'vault-recovery-codes.txt', title: 'vault-recovery-codes.txt', filetype: 'text/plain' },
  { id: 'F07SECR0004', name: 'aws-credentials.csv', title: 'aws-credentials.csv', filetype: 'text/csv' },
];

/**
 * T1213.005: an engineer's Slack session from a VPN exit is flagged for scraping, previews eight quiet channels
 * without joining, then downloads four secrets files (passwords, a deploy key, recovery codes, cloud credentials).
 */
export const slackSecretsSweep: Scenario = {
  id: 'attack-slack-secrets-sweep',
  run(ctx) {
    const rng = ctx.rng;
    const person = ctx.person('finn.lehmann@example.com');
    const day = ctx.weekdayFromEnd(2);
    const ip = `192.0.2.${rng.int(210, 219)}`;
    const client = newSlackClient(rng, ip, person.slackUa);
    const times: number[] = [];
    const t0 = ctx.at(day, '21:41:12');
    ctx.sink.addSlack(t0, anomalyEvent(rng, person, t0, ['unexpected_scraping'], client, { location: 'Frankfurt am Main, DE', scraping_tool: 'Go-based tool' }));
    times.push(t0);
    let t = ctx.at(day, '22:03:05');
    for (const c of QUIET_CHANNELS.slice(0, 8)) {
      ctx.sink.addSlack(t, channelPreview(rng, person, t, c, client));
      times.push(t);
      t += rng.int(25, 40) * 1000;
    }
    t = ctx.at(day, '22:16:20');
    for (const f of SECRETS) {
      ctx.sink.addSlack(t, fileEvent(rng, person, t, 'file_downloaded', f, client));
      times.push(t);
      t += rng.int(60, 120) * 1000;
    }
    return [{
      id: this.id,
      technique: 'T1213.005',
      detectors: ['chat.sensitive-files', 'chat.channel-discovery', 'chat.vendor-anomaly'],
      tier: 2,
      principal: { source: 'slack', id: person.slackId, email: person.email },
      ...span(times),
      description: `${person.email}, from ${ip} (never seen for him): Slack anomaly unexpected_scraping at 21:41 Berlin time, 8 channels ` +
        'previewed without joining at 22:03, then 4 secrets files downloaded; chat.vendor-anomaly and chat.channel-discovery contribute',
      benign: false,
    }];
  },
};
