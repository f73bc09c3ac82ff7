import { fileEvent, newSlackClient } from '../vendors/slack.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';

/**
 * T1213.005: a Slack user downloads 40 distinct files in 20 minutes, in office hours from a usual IP: an alert at
 * Tier 1 (nothing corroborates misuse; with little history of their own they are judged against their peers, and no
 * history is never a reason to escalate).
 */
export const slackMassDownload: Scenario = {
  id: 'attack-slack-mass-download',
  run(ctx) {
    const rng = ctx.rng;
    const person = ctx.person('noah.klein@example.com');
    const day = ctx.weekdayFromEnd(1);
    const ip = person.ips[0] ?? '198.51.100.1';
    const client = newSlackClient(rng, ip, person.slackUa);
    const files = rng.sample(ctx.catalogue.slackFiles.filter((f) => !f.partnerDomain), 40);
    let t = ctx.at(day, '14:05:30');
    const times: number[] = [];
    for (const f of files) {
      ctx.sink.addSlack(t, fileEvent(rng, person, t, 'file_downloaded', f, client));
      times.push(t);
      t += rng.int(20, 29) * 1000;
    }
    return [{
      id: this.id,
      technique: 'T1213.005',
      detectors: ['chat.file-download-volume'],
      tier: 1,
      principal: { source: 'slack', id: person.slackId, email: person.email },
      ...span(times),
      description: `${person.email} downloads 40 distinct Slack files in under 20 minutes at 14:05 Berlin time from a usual IP (${ip}): ` +
        'tier 1, nothing corroborates misuse',
      benign: false,
    }];
  },
};
