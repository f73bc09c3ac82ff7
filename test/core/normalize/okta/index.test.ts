import { describe, expect, it } from 'vitest';
import { NormalizedEventSchema, type NormalizedEvent } from '../../../../lib/core/event.ts';
import { normalizeOkta } from '../../../../lib/core/normalize/okta/index.ts';
import { newNormalizeContext } from '../../../../lib/core/normalize/types.ts';

/** A LogEvent as GET /api/v1/logs returns it (fields per the System Log API reference), with overrides. */
function logEvent(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    uuid: 'b2c1f7a0-0000-11ef-9000-000000000001',
    published: '2026-11-20T09:00:00.123Z',
    eventType: 'user.session.start',
    displayMessage: 'User login to Okta',
    severity: 'INFO',
    actor: { id: '00u1ana', type: 'User', alternateId: 'Ana.Lopez@example.com', displayName: 'Ana Lopez', detailEntry: null },
    client: {
      userAgent: { rawUserAgent: 'Mozilla/5.0 (Macintosh) Firefox/120.0', os: 'Mac OS X', browser: 'FIREFOX' },
      zone: 'null', device: 'Computer', id: null, ipAddress: '203.0.113.50',
      geographicalContext: { city: 'Lisbon', state: 'Lisbon', country: 'Portugal', postalCode: null, geolocation: { lat: 38.7, lon: -9.1 } },
    },
    authenticationContext: { externalSessionId: '102abcSESSION', authenticationStep: 0 },
    outcome: { result: 'SUCCESS', reason: null },
    securityContext: { asNumber: 64496, asOrg: 'example transit', isp: 'example', domain: 'example.net', isProxy: false },
    debugContext: { debugData: { behaviors: '{New Geo-Location=POSITIVE, New Device=POSITIVE, New IP=POSITIVE, Velocity=NEGATIVE}', risk: '{reasons=Anomalous Device, level=HIGH}' } },
    target: null,
    transaction: { type: 'WEB', id: 'tx1', detail: {} },
    version: '0',
    ...over,
  };
}

function one(record: Record<string, unknown>): NormalizedEvent {
  const out = normalizeOkta({ record, stream: 'logs', id: String(record['uuid']), ref: { file: 'f', line: 1 } }, newNormalizeContext());
  if (!out.ok) throw new Error(`${out.reason}: ${out.detail ?? ''}`);
  expect(out.events).toHaveLength(1);
  return NormalizedEventSchema.parse(out.events[0]);
}

const rejectOf = (record: unknown) => {
  const out = normalizeOkta({ record: record as Record<string, unknown>, stream: 'logs', id: 'x', ref: { file: 'f', line: 1 } }, newNormalizeContext());
  return out.ok ? undefined : out.reason;
};

describe('Okta System Log normalizer', () => {
  it('a sign-in → login with the person as actor (alternateId as e-mail) and what Okta says about it', () => {
    const e = one(logEvent());
    expect(e).toMatchObject({
      id: 'b2c1f7a0-0000-11ef-9000-000000000001', source: 'okta', app: 'okta', action: 'login', vendorAction: 'user.session.start',
      time: Date.parse('2026-11-20T09:00:00.123Z'), outcome: 'success', session: '102abcSESSION',
      actor: { id: '00u1ana', email: 'ana.lopez@example.com', name: 'Ana Lopez', type: 'user' },
      src: { ip: '203.0.113.50', ua: 'Mozilla/5.0 (Macintosh) Firefox/120.0' },
      details: { newDevice: true, newGeo: true, newIp: true, risk: 'high', asn: '64496', asOrg: 'example transit', country: 'Portugal', city: 'Lisbon' },
    });
  });

  it('a failed sign-in → login_failed with the reason', () => {
    const e = one(logEvent({ outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' } }));
    expect(e).toMatchObject({ action: 'login_failed', outcome: 'failure', details: { reason: 'INVALID_CREDENTIALS' } });
  });

  it.each([
    ['user.mfa.factor.reset_all', 'mfa_change'], ['user.mfa.factor.update', 'mfa_change'], ['user.mfa.factor.activate', 'mfa_change'],
    ['user.mfa.factor.deactivate', 'mfa_change'], ['user.account.privilege.grant', 'role_change'], ['group.privilege.grant', 'role_change'],
    ['system.api_token.create', 'api_token_created'], ['user.session.end', 'logout'],
    ['user.account.privilege.revoke', 'other'], ['policy.evaluate_sign_on', 'other'], ['constructor', 'other'],
  ])('%s → %s', (eventType, action) => {
    expect(one(logEvent({ eventType, debugContext: null })).action).toBe(action);
  });

  it('a help-desk factor reset names whose factors were reset (the User target), not the help desk', () => {
    const e = one(logEvent({
      eventType: 'user.mfa.factor.reset_all',
      actor: { id: '00uhelp', type: 'User', alternateId: 'helpdesk@example.com', displayName: 'Help Desk' },
      target: [{ id: '00u1ana', type: 'User', alternateId: 'Ana.Lopez@example.com', displayName: 'Ana Lopez', detailEntry: null }],
      debugContext: { debugData: {} },
    }));
    expect(e).toMatchObject({ action: 'mfa_change', actor: { email: 'helpdesk@example.com' }, details: { subject: 'ana.lopez@example.com' } });
    expect(e.object).toEqual({ type: 'User', id: '00u1ana', name: 'Ana.Lopez@example.com' });
  });

  it('reads behaviors and risk from logOnlySecurityData JSON; BAD_REQUEST and unknown values say nothing', () => {
    const e = one(logEvent({ debugContext: { debugData: {
      logOnlySecurityData: '{"risk":{"level":"MEDIUM"},"behaviors":{"New Geo-Location":"NEGATIVE","New Device":"BAD_REQUEST"}}',
    } } }));
    expect(e.details).toMatchObject({ newGeo: false, risk: 'medium' });
    expect(e.details).not.toHaveProperty('newDevice');
  });

  it('takes null and "null" parts as absent: a system principal with no client at all', () => {
    const e = one(logEvent({
      actor: { id: 'spr1', type: 'SystemPrincipal', alternateId: 'system@okta.com', displayName: 'Okta System' },
      client: { device: null, geographicalContext: null, ipAddress: null, userAgent: null, zone: null },
      securityContext: { asNumber: null, asOrg: null }, authenticationContext: null, debugContext: { debugData: {} }, eventType: 'app.user_management',
    }));
    expect(e.actor.type).toBe('system');
    expect(e.src).toBeUndefined();
    expect(e.details).toBeUndefined();
    expect(one(logEvent({ client: { ipAddress: 'null', userAgent: { rawUserAgent: 'unknown' } } })).src).toBeUndefined();
  });

  it('rejects what cannot be an event, each with its reason', () => {
    expect(rejectOf([])).toBe('not-an-okta-record');
    expect(rejectOf(logEvent({ eventType: undefined }))).toBe('not-an-okta-record');
    expect(rejectOf(logEvent({ published: undefined }))).toBe('missing-time');
    expect(rejectOf(logEvent({ published: 'yesterday' }))).toBe('bad-timestamp');
    expect(rejectOf(logEvent({ actor: null }))).toBe('missing-actor');
    expect(rejectOf(logEvent({ actor: { id: '  ', type: 'User' } }))).toBe('missing-actor');
  });

  it('never throws on hostile shapes', () => {
    for (const bad of [{ eventType: 'x', published: '2026-11-20T09:00:00Z', actor: { id: 'a' }, client: 'str', target: 'x', debugContext: { debugData: { behaviors: 42, risk: '{{{' } } },
      { eventType: 'x', published: 5, actor: { id: 'a' } }, { __proto__: { eventType: 'x' } }]) {
      expect(() => normalizeOkta({ record: bad as Record<string, unknown>, stream: 'logs', id: 'x', ref: { file: 'f', line: 1 } }, newNormalizeContext())).not.toThrow();
    }
  });
});
