import { oktaActorOf, oktaFactorEvent, oktaSignIn } from '../vendors/okta.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';

const NEW_LAPTOP_UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.2 Safari/605.1.15';

/**
 * Benign look-alike of the MFA-reset theft: an analyst gets a new laptop and phone, signs in from the new device on
 * his usual network (Okta: New Device, low risk), enrols Okta Verify on the phone, and works as always. The IdP facts
 * only corroborate: with no alert of his to corroborate, nothing is raised.
 */
export const benignNewFactor: Scenario = {
  id: 'benign-new-laptop-new-factor',
  run(ctx) {
    const rng = ctx.rng;
    const person = ctx.person('elias.braun@example.com');
    const day = ctx.weekdayFromEnd(2);
    const ip = person.officeIp ?? person.homeIp ?? '198.51.100.1';
    const t0 = ctx.at(day, '08:47:30');
    ctx.sink.addOkta(t0, oktaSignIn(rng, person, t0, ip, NEW_LAPTOP_UA, { newDevice: true, level: 'LOW' }));
    const t1 = t0 + 4 * 60_000;
    ctx.sink.addOkta(t1, oktaFactorEvent(rng, 'user.mfa.factor.activate', oktaActorOf(person), person, t1, ip, NEW_LAPTOP_UA));
    const t2 = t1 + 60_000;
    ctx.sink.addOkta(t2, oktaFactorEvent(rng, 'user.mfa.factor.deactivate', oktaActorOf(person), person, t2, ip, NEW_LAPTOP_UA));
    return [{
      id: this.id,
      technique: 'T1213.005',
      detectors: ['chat.file-download-volume', 'chat.sensitive-files'],
      tier: 1,
      principal: { source: 'm365', id: person.email, email: person.email },
      ...span([t0, t1, t2, ctx.at(day, '18:00')]),
      description: `${person.email} signs in from a new laptop on his usual network, enrols Okta Verify on a new phone and retires the old ` +
        'one, then works as always: IdP facts alone, no alert expected',
      benign: true,
    }];
  },
};
