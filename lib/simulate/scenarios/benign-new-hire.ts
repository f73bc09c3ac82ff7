import { planDay } from '../habits/day-plan.ts';
import { m365Day } from '../habits/m365.ts';
import { salesforceDay } from '../habits/salesforce.ts';
import { slackDay } from '../habits/slack.ts';
import { dateKey } from '../zoned-time.ts';
import { newHire } from './extra-identities.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';
import { fullWeekdays } from './window-days.ts';

const FIRST_WEEK = 5;

/**
 * Benign: a sales rep who joined in the last week of the window does an ordinary rep's work in Salesforce, Microsoft
 * 365 and Slack from her first day — from the office and from home, networks never seen for her. No history of her
 * own: she is judged against her peers, and nothing she does is out of the ordinary for a rep.
 */
export const benignNewHire: Scenario = {
  id: 'benign-new-hire',
  run(ctx) {
    const rng = ctx.rng;
    const base = ctx.person('lena.hoffmann@example.com');
    const home = `203.0.113.${rng.int(251, 254)}`;
    const person = { ...newHire(base), homeIp: home, ips: [base.officeIp ?? '198.51.100.9', home] };
    const days = fullWeekdays(ctx).slice(-FIRST_WEEK);
    const times: number[] = [];
    for (const date of days) {
      const plan = planDay(rng.fork(`plan/${dateKey(date)}`), person, date);
      plan.active = true;
      const hctx = (label: string) => ({ rng: rng.fork(`${label}/${dateKey(date)}`), person, plan, sink: ctx.sink, catalogue: ctx.catalogue, people: ctx.people });
      salesforceDay(hctx('salesforce'));
      m365Day(hctx('m365'));
      slackDay(hctx('slack'));
      times.push(plan.start, plan.end);
    }
    return [{
      id: this.id,
      technique: 'T1213.004',
      detectors: ['crm.export-volume', 'crm.report-export', 'chat.file-download-volume', 'crm.programmatic-client'],
      tier: 1,
      principal: { source: 'salesforce', id: person.sf.id18, email: person.email },
      ...span(times),
      description: `${person.email} joined in the last week: an ordinary sales rep's work from her first day, from the office and from ` +
        'home (networks never seen for her): no alert expected',
      benign: true,
    }];
  },
};
