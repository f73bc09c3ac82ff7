import { elfLogin, newSession } from '../vendors/salesforce.ts';
import { oktaActorOf, oktaFactorEvent, oktaSignIn, SERVICE_DESK } from '../vendors/okta.ts';
import { EVERYDAY_EXPORTS, reportsNamed, runAndExport, sfPerson } from './sf-report-exports.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';

const ATTACKER_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';

/**
 * T1213.004, corroborated by the identity provider: a caller talks the service desk into resetting an admin's MFA
 * (Okta `user.mfa.factor.reset_all`), signs in from a new device and a hosting ASN that Okta rates high risk, enrols
 * their own factor, and within the hour exports six everyday Salesforce reports of ~3,000 rows each — above the
 * person's habit but not large. Alone, the export is a Tier-1 alert; the Okta facts make it Tier 2 (`idp-anomaly`).
 */
export const oktaMfaResetCrmExport: Scenario = {
  id: 'attack-okta-mfa-reset-crm-export',
  run(ctx) {
    const rng = ctx.rng;
    const person = sfPerson(ctx, 'tobias.keller@example.com', this.id);
    const day = ctx.weekdayFromEnd(3);
    const ip = `192.0.2.${rng.int(200, 220)}`;
    const t0 = ctx.at(day, '09:12:40');
    ctx.sink.addOkta(t0, oktaFactorEvent(rng, 'user.mfa.factor.reset_all', SERVICE_DESK, person, t0, '198.51.100.5', ATTACKER_UA.replace('Firefox/133.0', 'Firefox/132.0')));
    const t1 = ctx.at(day, '09:31:05');
    ctx.sink.addOkta(t1, oktaSignIn(rng, person, t1, ip, ATTACKER_UA, { newDevice: true, newGeo: true, newIp: true, level: 'HIGH' }, 'Amsterdam'));
    const t2 = t1 + 95_000;
    ctx.sink.addOkta(t2, oktaFactorEvent(rng, 'user.mfa.factor.activate', oktaActorOf(person), person, t2, ip, ATTACKER_UA, 'Amsterdam'));
    const s = newSession(rng, ip, ATTACKER_UA);
    const t3 = ctx.at(day, '10:04:12');
    ctx.sink.addElf('Login', t3, elfLogin(rng, person, t3, s));
    const exports = runAndExport(rng, ctx.sink, person, s, reportsNamed(ctx, EVERYDAY_EXPORTS), t3 + 2 * 60_000, 6 * 60_000, () => rng.int(2_800, 3_400));
    return [{
      id: this.id,
      technique: 'T1213.004',
      detectors: ['crm.export-volume', 'crm.report-export'],
      tier: 2,
      reasons: ['idp-anomaly'],
      principal: { source: 'salesforce', id: person.sf.id18, email: person.email },
      ...span([t0, t1, t2, t3, ...exports]),
      description: `the service desk resets all MFA factors of ${person.email} at 09:12 Berlin time; at 09:31 a new device signs in ` +
        `from ${ip} (hosting ASN, Okta risk HIGH) and enrols a factor; from 10:06 it exports 6 everyday reports of ~3,000 rows: ` +
        'Tier 2 by idp-anomaly',
      benign: false,
    }];
  },
};
