import type { Prng } from '../prng.ts';
import type { Person } from '../org.ts';
import { ORG } from '../org.ts';
import type { JsonRecord } from '../sink.ts';

/**
 * Okta System Log LogEvents as `GET /api/v1/logs` returns them (the event shape of the System Log API reference),
 * for the simulated org's Okta (example.okta.com). Every person signs in to Okta first; the CRM, M365 and Slack
 * sessions follow by SSO.
 */

export interface OktaActor {
  id: string;
  alternateId: string;
  displayName: string;
  type: 'User' | 'SystemPrincipal';
}

/** The person's Okta user id (`00u…`, 20 characters), fixed per roster position. */
export const oktaUserId = (p: Pick<Person, 'index'>): string => `00u${String(p.index).padStart(3, '0')}exmplcorp0d7q8h`.slice(0, 20);

export const oktaActorOf = (p: Pick<Person, 'index' | 'email' | 'name'>): OktaActor =>
  ({ id: oktaUserId(p), alternateId: p.email, displayName: p.name, type: 'User' });

/** The service desk's Okta admin account: resets factors when people lose their phones. */
export const SERVICE_DESK: OktaActor = { id: '00u0svcdeskexmplcrp1', alternateId: `servicedesk@${ORG.domain}`, displayName: 'IT Service Desk', type: 'User' };

/** Network owner (ASN) of an address, as Okta's securityContext names it: office, home broadband, or hosting. */
export function asnOf(ip: string): { asNumber: number; asOrg: string; isp: string; domain: string } {
  if (ip.startsWith('198.51.100.')) return { asNumber: 64500, asOrg: 'example corp', isp: 'example corp', domain: ORG.domain };
  if (ip.startsWith('203.0.113.')) return { asNumber: 64501, asOrg: 'example broadband', isp: 'example broadband gmbh', domain: 'example-broadband.net' };
  return { asNumber: 64502, asOrg: 'example vps hosting', isp: 'example vps hosting', domain: 'example-vps.net' };
}

export interface SignInRisk {
  newDevice?: boolean;
  newGeo?: boolean;
  newIp?: boolean;
  level?: 'LOW' | 'MEDIUM' | 'HIGH';
}

const flag = (v: boolean | undefined): string => (v ? 'POSITIVE' : 'NEGATIVE');

function base(rng: Prng, t: number, eventType: string, displayMessage: string, actor: OktaActor, ip: string, ua: string, city: string): JsonRecord {
  const geo = { city, state: city === 'Berlin' ? 'Land Berlin' : 'Unknown', country: city === 'Berlin' ? 'Germany' : 'Netherlands', postalCode: null, geolocation: { lat: 52.52, lon: 13.405 } };
  return {
    actor: { ...actor, detailEntry: null },
    client: { userAgent: { rawUserAgent: ua, os: /Windows/.test(ua) ? 'Windows' : 'Mac OS X', browser: /Firefox/.test(ua) ? 'FIREFOX' : 'CHROME' }, zone: 'null', device: 'Computer', id: null, ipAddress: ip, geographicalContext: geo },
    device: null,
    authenticationContext: { authenticationProvider: null, credentialProvider: null, credentialType: null, issuer: null, interface: null, authenticationStep: 0, externalSessionId: `102${rng.chars(22, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}` },
    displayMessage,
    eventType,
    outcome: { result: 'SUCCESS', reason: null },
    published: new Date(t).toISOString(),
    securityContext: { ...asnOf(ip), isProxy: false },
    severity: 'INFO',
    debugContext: { debugData: { requestId: rng.chars(27, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), requestUri: '/idp/idx/identify', url: '/idp/idx/identify?' } },
    legacyEventType: null,
    transaction: { type: 'WEB', id: rng.chars(27, 'abcdefghijklmnopqrstuvwxyz0123456789'), detail: {} },
    uuid: rng.uuid(),
    version: '0',
    request: { ipChain: [{ ip, geographicalContext: geo, version: 'V4', source: null }] },
    target: null,
  };
}

/** `user.session.start`: what Okta says about the sign-in in debugData (behaviors, risk) as its map text. */
export function oktaSignIn(rng: Prng, person: Person, t: number, ip: string, ua: string, risk: SignInRisk = {}, city = 'Berlin'): JsonRecord {
  const e = base(rng, t, 'user.session.start', 'User login to Okta', oktaActorOf(person), ip, ua, city);
  (e.debugContext as { debugData: JsonRecord }).debugData = {
    ...(e.debugContext as { debugData: JsonRecord }).debugData,
    behaviors: `{New Geo-Location=${flag(risk.newGeo)}, New Device=${flag(risk.newDevice)}, New IP=${flag(risk.newIp)}, New State=NEGATIVE, New Country=${flag(risk.newGeo)}, Velocity=NEGATIVE, New City=${flag(risk.newGeo)}}`,
    risk: risk.level === 'HIGH' || risk.level === 'MEDIUM' ? `{reasons=Anomalous Device, Anomalous Location, level=${risk.level}}` : '{level=LOW}',
  };
  return e;
}

/** A factor event (`user.mfa.factor.activate`, `user.mfa.factor.reset_all`…) by `actor` about `subject`'s factors. */
export function oktaFactorEvent(rng: Prng, eventType: string, actor: OktaActor, subject: Person, t: number, ip: string, ua: string, city = 'Berlin'): JsonRecord {
  const message = eventType === 'user.mfa.factor.reset_all' ? 'Reset all factors for user' : eventType === 'user.mfa.factor.activate' ? 'User set up MFA factor' : 'MFA factor updated';
  const e = base(rng, t, eventType, message, actor, ip, ua, city);
  e.target = [{ ...oktaActorOf(subject), detailEntry: null }];
  return e;
}
