import { describe, expect, it } from 'vitest';
import { applyEscalation } from '../../lib/core/alert-escalation.ts';
import { fixedClock } from '../../lib/core/clock.ts';
import { parseConfig } from '../../lib/core/config.ts';
import { runBatch } from '../../lib/core/engine.ts';
import { emptySnapshot } from '../../lib/core/state.ts';
import { ev, weekdaysBefore } from '../support/event-factory.ts';
import { applyChanges } from '../support/apply-changes.ts';

const clock = fixedClock(Date.parse('2026-11-28T00:00:00Z'));
const cfg = () => parseConfig({ trustedNetworks: ['198.51.100.0/24'] });
const office = { ip: '198.51.100.7' };

/** Fifteen weekdays of the person's usual Contact reports from the office. */
const history = weekdaysBefore('2026-11-20', 15).map((d) => ev(`${d}T10:00:00Z`, { action: 'report_run', count: 500, entities: ['Contact'], src: office }));
/** An export well above the person's habit, in office hours from the office: an alert, Tier 1 on its own. */
const exportAt = (at: string) => ev(at, { action: 'export', count: 20_000, entities: ['Contact'], src: office });

const okta = (at: string, over: NonNullable<Parameters<typeof ev>[1]> = {}) =>
  ev(at, { source: 'okta', app: 'okta', actor: { id: '00uHELPDESK', email: 'helpdesk@example.com' }, src: { ip: '203.0.113.50' }, ...over });
/** The help desk resets all of u1's factors (the social-engineering path to an account takeover). */
const mfaReset = (at: string) => okta(at, { action: 'mfa_change', vendorAction: 'user.mfa.factor.reset_all', details: { subject: 'U1@example.com' } });

describe('identity-provider corroboration (idp-anomaly)', () => {
  it('raises a CRM export two hours after an Okta MFA reset of the same person to Tier 2, naming the event', () => {
    const r = runBatch([...history, mfaReset('2026-11-20T09:00:00Z'), exportAt('2026-11-20T11:00:00Z')], emptySnapshot(), cfg(), clock, 'b');
    const alert = r.alerts.find((a) => a.principal.source === 'salesforce');
    expect(alert, JSON.stringify(r.signals)).toBeDefined();
    expect(alert!.escalation.reasons).toContain('idp-anomaly');
    expect(alert!.escalation.tier).toBe(2);
    expect(alert!.evidence.facts?.['idp']).toEqual(['okta user.mfa.factor.reset_all']);
    // The help desk itself is no suspect: nothing was raised about its identity.
    expect(r.alerts.filter((a) => a.principal.source === 'okta')).toEqual([]);
  });

  it('leaves the same export without the IdP fact at Tier 1 without that reason', () => {
    const r = runBatch([...history, exportAt('2026-11-20T11:00:00Z')], emptySnapshot(), cfg(), clock, 'b');
    const alert = r.alerts.find((a) => a.principal.source === 'salesforce');
    expect(alert).toBeDefined();
    expect(alert!.escalation.reasons).not.toContain('idp-anomaly');
    expect(alert!.escalation.tier).toBe(1);
  });

  it('does not count an IdP fact from more than a day before, or one after the alert window', () => {
    const early = runBatch([...history, mfaReset('2026-11-19T08:00:00Z'), exportAt('2026-11-20T11:00:00Z')], emptySnapshot(), cfg(), clock, 'b');
    expect(early.alerts.find((a) => a.principal.source === 'salesforce')!.escalation.reasons).not.toContain('idp-anomaly');
    const after = runBatch([...history, exportAt('2026-11-20T11:00:00Z'), mfaReset('2026-11-20T15:00:00Z')], emptySnapshot(), cfg(), clock, 'b');
    expect(after.alerts.find((a) => a.principal.source === 'salesforce')!.escalation.reasons).not.toContain('idp-anomaly');
  });

  it('never alerts on IdP events alone: MFA reset, risky new-device sign-in, admin role, API token, Entra role grant', () => {
    const events = [
      mfaReset('2026-11-20T09:00:00Z'),
      okta('2026-11-20T09:05:00Z', { actor: { id: '00uU1', email: 'u1@example.com' }, action: 'login', vendorAction: 'user.session.start', details: { newDevice: true, newGeo: true, risk: 'high', asn: '14618' } }),
      okta('2026-11-20T09:10:00Z', { action: 'role_change', vendorAction: 'user.account.privilege.grant', details: { subject: 'u1@example.com' } }),
      okta('2026-11-20T09:15:00Z', { actor: { id: '00uU1', email: 'u1@example.com' }, action: 'api_token_created', vendorAction: 'system.api_token.create' }),
      ev('2026-11-20T09:20:00Z', { source: 'm365', app: 'entra', actor: { id: 'admin@example.com' }, action: 'role_change', vendorAction: 'Add member to role.', details: { subject: 'u1@example.com' } }),
    ];
    const r = runBatch(events, emptySnapshot(), cfg(), clock, 'b');
    expect(r.alerts).toEqual([]);
    expect(r.escalations).toEqual([]);
    // …yet each was kept as a fact about u1, for the alerts that may follow.
    const u1 = r.changes.identities.find((i) => i.key === 'u1@example.com')!;
    expect(u1.signals.filter((s) => s.kind === 'idp').map((s) => s.detector).sort()).toEqual([
      'entra Add member to role.',
      'okta system.api_token.create',
      'okta user.account.privilege.grant',
      'okta user.mfa.factor.reset_all',
      'okta user.session.start (new device, new location, high risk)',
    ]);
  });

  it('ignores failed IdP events, role removals and ordinary sign-ins', () => {
    const events = [
      okta('2026-11-20T09:00:00Z', { action: 'mfa_change', vendorAction: 'user.mfa.factor.reset_all', outcome: 'failure', details: { subject: 'u1@example.com' } }),
      ev('2026-11-20T09:20:00Z', { source: 'm365', app: 'entra', actor: { id: 'admin@example.com' }, action: 'role_change', vendorAction: 'Remove member from role.', details: { subject: 'u1@example.com' } }),
      okta('2026-11-20T09:30:00Z', { actor: { id: '00uU1', email: 'u1@example.com' }, action: 'login', vendorAction: 'user.session.start', details: { newDevice: false, newIp: true, risk: 'low' } }),
      exportAt('2026-11-20T11:00:00Z'),
    ];
    const r = runBatch([...history, ...events], emptySnapshot(), cfg(), clock, 'b');
    expect(r.alerts.find((a) => a.principal.source === 'salesforce')!.escalation.reasons).not.toContain('idp-anomaly');
  });

  it('is order-independent: the IdP fact in an earlier batch, or in a later one that raises the published alert', () => {
    // Earlier batch: the reset arrives first, the export a batch later.
    const b1 = runBatch([mfaReset('2026-11-20T09:00:00Z')], emptySnapshot(), cfg(), clock, 'b1');
    expect(b1.alerts).toEqual([]);
    const b2 = runBatch([...history, exportAt('2026-11-20T11:00:00Z')], applyChanges(emptySnapshot(), b1), cfg(), clock, 'b2');
    const first = b2.alerts.find((a) => a.principal.source === 'salesforce')!;
    expect(first.escalation).toMatchObject({ tier: 2 });
    expect(first.escalation.reasons).toContain('idp-anomaly');

    // Later batch: the export is published at Tier 1, the Okta page with the reset arrives late and raises it.
    const c1 = runBatch([...history, exportAt('2026-11-20T11:00:00Z')], emptySnapshot(), cfg(), clock, 'c1');
    const published = c1.alerts.find((a) => a.principal.source === 'salesforce')!;
    expect(published.escalation.tier).toBe(1);
    const c2 = runBatch([mfaReset('2026-11-20T09:00:00Z')], applyChanges(emptySnapshot(), c1), cfg(), clock, 'c2');
    expect(c2.alerts).toEqual([]);
    expect(c2.escalations).toHaveLength(1);
    const raised = applyEscalation(published, c2.escalations[0]!);
    expect(raised.id).toBe(published.id);
    expect(raised.escalation.tier).toBe(2);
    expect(raised.escalation.reasons).toContain('idp-anomaly');
    expect(raised.evidence.facts?.['idp']).toEqual(['okta user.mfa.factor.reset_all']);
    // Both orders end in the same judgement.
    expect([...raised.escalation.reasons].sort()).toEqual([...first.escalation.reasons].sort());
  });

  it('marks a sign-in from an ASN new to a person with settled Okta history, never the first ones', () => {
    const signIn = (at: string, asn: string) =>
      okta(at, { actor: { id: '00uU1', email: 'u1@example.com' }, action: 'login', vendorAction: 'user.session.start', details: { asn } });
    const usual = weekdaysBefore('2026-11-20', 15).map((d) => signIn(`${d}T08:30:00Z`, '7922'));
    const first = runBatch(usual, emptySnapshot(), cfg(), clock, 'b1');
    // Fifteen days of first sign-ins: the first ASN is never "new".
    expect(first.changes.identities.flatMap((i) => i.signals).filter((s) => s.kind === 'idp')).toEqual([]);
    const r = runBatch([signIn('2026-11-20T08:30:00Z', '7922'), signIn('2026-11-20T09:00:00Z', '14618'), ...history, exportAt('2026-11-20T11:00:00Z')],
      applyChanges(emptySnapshot(), first), cfg(), clock, 'b2');
    const alert = r.alerts.find((a) => a.principal.source === 'salesforce')!;
    expect(alert.evidence.facts?.['idp']).toEqual(['okta user.session.start (new ASN 14618)']);
    expect(alert.escalation.tier).toBe(2);
  });

  it('feeds Entra sign-ins from the M365 audit log the same way: a network new to a person with settled history', () => {
    const entra = (at: string, ip: string) =>
      ev(at, { source: 'm365', app: 'entra', actor: { id: 'u1@example.com' }, action: 'login', vendorAction: 'UserLoggedIn', src: { ip } });
    const usual = weekdaysBefore('2026-11-20', 15).map((d) => entra(`${d}T08:30:00Z`, '198.51.100.7'));
    const first = runBatch(usual, emptySnapshot(), cfg(), clock, 'b1');
    expect(first.changes.identities.flatMap((i) => i.signals).filter((s) => s.kind === 'idp')).toEqual([]);
    const r = runBatch([entra('2026-11-20T09:00:00Z', '203.0.113.77'), ...history, exportAt('2026-11-20T11:00:00Z')],
      applyChanges(emptySnapshot(), first), cfg(), clock, 'b2');
    const alert = r.alerts.find((a) => a.principal.source === 'salesforce')!;
    expect(alert.evidence.facts?.['idp']).toEqual(['entra UserLoggedIn (new network 203.0.113.0/24)']);
    // The usual network is no fact.
    const usualDay = runBatch([entra('2026-11-20T09:00:00Z', '198.51.100.9'), ...history, exportAt('2026-11-20T11:00:00Z')],
      applyChanges(emptySnapshot(), first), cfg(), clock, 'b3');
    expect(usualDay.alerts.find((a) => a.principal.source === 'salesforce')!.escalation.reasons).not.toContain('idp-anomaly');
  });

  it('a hostile IdP stream (hundreds of ASNs and factor events) names at most 10 facts and keeps the person\'s item within its budget', () => {
    const signIn = (at: string, asn: string) =>
      okta(at, { actor: { id: '00uU1', email: 'u1@example.com' }, action: 'login', vendorAction: 'user.session.start', details: { asn } });
    const usual = weekdaysBefore('2026-11-20', 15).map((d) => signIn(`${d}T08:30:00Z`, '7922'));
    const first = runBatch(usual, emptySnapshot(), cfg(), clock, 'b1');
    const flood = [
      ...Array.from({ length: 600 }, (_, i) => signIn(new Date(Date.parse('2026-11-20T08:00:00Z') + i * 5_000).toISOString(), String(100_000 + i))),
      ...Array.from({ length: 300 }, (_, i) => okta(new Date(Date.parse('2026-11-20T09:00:00Z') + i * 1_000).toISOString(),
        { actor: { id: '00uU1', email: 'u1@example.com' }, action: 'mfa_change', vendorAction: `user.mfa.factor.update${'x'.repeat(200)}${i}` })),
    ];
    const r = runBatch([...flood, ...history, exportAt('2026-11-20T11:00:00Z')], applyChanges(emptySnapshot(), first), cfg(), clock, 'b2');
    const alert = r.alerts.find((a) => a.principal.source === 'salesforce')!;
    const named = alert.evidence.facts?.['idp'] as string[];
    expect(named.length).toBe(10);
    expect(named.every((n) => n.length <= 256)).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(alert))).toBeLessThan(16_000);
    const u1 = r.changes.identities.find((i) => i.key === 'u1@example.com')!;
    expect(Buffer.byteLength(JSON.stringify(u1))).toBeLessThan(350_000);
  });
});
