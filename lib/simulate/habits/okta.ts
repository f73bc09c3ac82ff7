import { oktaActorOf, oktaFactorEvent, oktaSignIn } from '../vendors/okta.ts';
import type { HabitContext } from './context.ts';

/**
 * Identity provider: each working day starts with an Okta sign-in (the SaaS sessions follow by SSO), an evening
 * session signs in again from home; now and then someone sets up a new factor (a new phone).
 */
export function oktaDay(ctx: HabitContext): void {
  const { rng, person, plan, sink } = ctx;
  if (!plan.active) return;
  const t = plan.start;
  sink.addOkta(t, oktaSignIn(rng, person, t, plan.ip, person.browserUa));
  if (rng.chance(0.004)) {
    const at = t + rng.int(2, 20) * 60_000;
    sink.addOkta(at, oktaFactorEvent(rng, 'user.mfa.factor.activate', oktaActorOf(person), person, at, plan.ip, person.browserUa));
  }
  if (plan.evening) sink.addOkta(plan.evening.start, oktaSignIn(rng, person, plan.evening.start, plan.evening.ip, person.browserUa));
}
