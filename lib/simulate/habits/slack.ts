import type { Role } from '../org.ts';
import { PARTNERS } from '../org.ts';
import type { SlackFile } from '../catalogue.ts';
import { channelJoin, fileEvent, newSlackClient, userLogin } from '../vendors/slack.ts';
import type { SlackChannel } from '../vendors/slack.ts';
import type { HabitContext } from './context.ts';
import { between, inWorkday, scaled } from './day-plan.ts';

/** People who work with the partners in Slack Connect channels every day. */
export const PARTNER_FACING: ReadonlySet<Role> = new Set(['sales-ops', 'support', 'sales-manager']);

export const PUBLIC_CHANNELS: readonly SlackChannel[] = [
  { id: 'C05GENERAL1', name: 'general', privacy: 'public', is_shared: false, is_org_shared: false },
  { id: 'C05RANDOM01', name: 'random', privacy: 'public', is_shared: false, is_org_shared: false },
  { id: 'C05SALESWIN', name: 'sales-wins', privacy: 'public', is_shared: false, is_org_shared: false },
  { id: 'C05ANALYTIC', name: 'analytics', privacy: 'public', is_shared: false, is_org_shared: false },
  { id: 'C05INCIDENT', name: 'incidents', privacy: 'public', is_shared: false, is_org_shared: false },
];

/** Chat: a login now and then, files shared and downloaded, a channel joined. */
export function slackDay(ctx: HabitContext): void {
  const { rng, person, plan, sink, catalogue } = ctx;
  if (!plan.active) return;
  const client = newSlackClient(rng, plan.ip, person.slackUa);
  if (rng.chance(0.5)) sink.addSlack(plan.start, userLogin(rng, person, plan.start, client));
  const internal = catalogue.slackFiles.filter((f) => !f.partnerDomain);
  const downloads = scaled(plan, person.role === 'analyst' ? rng.int(3, 9) : rng.int(1, 6));
  const pool: SlackFile[] = PARTNER_FACING.has(person.role)
    ? [...internal, ...catalogue.slackFiles.filter((f) => PARTNERS.some((p) => p.domain === f.partnerDomain))]
    : internal;
  for (const f of rng.sample(pool, downloads)) {
    const t = inWorkday(rng, plan);
    sink.addSlack(t, fileEvent(rng, person, t, 'file_downloaded', f, client));
  }
  for (let i = scaled(plan, rng.int(0, 3)); i > 0; i--) {
    const f = rng.pick(internal);
    const t = inWorkday(rng, plan);
    sink.addSlack(t, fileEvent(rng, person, t, 'file_uploaded', f, client));
    if (rng.chance(0.7)) sink.addSlack(t + 2000, fileEvent(rng, person, t + 2000, 'file_shared', f, client));
  }
  if (rng.chance(0.1)) {
    const t = inWorkday(rng, plan);
    sink.addSlack(t, channelJoin(rng, person, t, rng.pick(PUBLIC_CHANNELS), client));
  }
  if (plan.evening && rng.chance(0.5)) {
    const ev = plan.evening;
    const t = between(rng, ev.start, ev.end);
    sink.addSlack(t, fileEvent(rng, person, t, 'file_downloaded', rng.pick(internal), newSlackClient(rng, ev.ip, person.slackUa)));
  }
}
