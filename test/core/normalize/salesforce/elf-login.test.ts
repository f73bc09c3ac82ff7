import { describe, expect, it } from 'vitest';
import { newNormalizeContext } from '../../../../lib/core/normalize/types.ts';
import { at, elfEvents, elfRows, one } from './sf-fixtures.ts';

const ANALYST = '0055e00000AbCdEAAV';
const ADMIN = '0055e00000XyZwVAAV';
const INTEGRATION = '0055e00000IntGrAAJ';

describe('ELF Login', () => {
  const events = elfEvents('elf-login.csv');

  it('maps a successful login with time, actor, tenant, ip, ua and session', () => {
    const e = at(events, 0);
    expect(e).toMatchObject({
      id: '0AT5e00000LoGfIL:1', source: 'salesforce', app: 'salesforce', action: 'login', vendorAction: 'Login', outcome: 'success',
      time: Date.UTC(2026, 5, 30, 8, 1, 2, 345), tenant: '00D5e000000AbCdEAK',
      actor: { id: ANALYST, email: 'analyst@acme.example', name: 'Analyst@Acme.example', type: 'user' },
      src: { ip: '203.0.113.24' }, session: 'lKan1111aaaa2222',
    });
    expect(e.src?.ua).toMatch(/^Mozilla\/5\.0/);
  });

  it('falls back to the compact TIMESTAMP (2 ms digits) and drops the internal "Salesforce.com IP"', () => {
    const e = at(events, 1);
    expect(e.time).toBe(Date.UTC(2026, 5, 30, 9, 0, 0, 120));
    expect(e.src?.ip).toBeUndefined();
    expect(e.src?.ua).toBe('Go-http-client/1.1');
    expect(e.actor.id).toBe(INTEGRATION);
  });

  it('maps LOGIN_STATUS other than LOGIN_NO_ERROR to login_failed with the status', () => {
    const e = at(events, 2);
    expect(e).toMatchObject({ action: 'login_failed', outcome: 'failure', actor: { id: ADMIN, email: 'admin@acme.example' } });
    expect(e.details?.loginStatus).toBe('LOGIN_ERROR_INVALID_PASSWORD');
  });

  it('teaches later rows of the same user their username (rows that carry only USER_ID)', () => {
    const ctx = newNormalizeContext();
    elfEvents('elf-login.csv', ctx);
    expect(ctx.sfUsernames.get(ANALYST)).toBe('Analyst@Acme.example');
    const report = one(at(elfRows('elf-report.csv'), 0), 'elf:Report', ctx);
    expect(report.actor).toMatchObject({ id: ANALYST, email: 'analyst@acme.example' });
    // without the Login rows first, the same Report row has no e-mail
    expect(one(at(elfRows('elf-report.csv'), 0), 'elf:Report').actor.email).toBeUndefined();
  });
});

describe('ELF LoginAs', () => {
  it('makes the delegated (impersonating) admin the actor and the impersonated user the object', () => {
    const ctx = newNormalizeContext();
    elfEvents('elf-login.csv', ctx);
    const e = at(elfEvents('elf-loginas.csv', ctx), 0);
    expect(e).toMatchObject({
      action: 'impersonate', vendorAction: 'LoginAs',
      actor: { id: ADMIN, type: 'admin', email: 'admin@acme.example' },
      // USER_ID is 15-char only in this row: normalized to the same 18-char id as the user's Login row
      object: { type: 'user', id: ANALYST, name: 'Analyst@Acme.example' },
      src: { ip: '198.51.100.77' },
    });
  });

  it('falls back to USER_ID as actor when the delegated user is missing', () => {
    const row = { ...at(elfRows('elf-loginas.csv'), 0), DELEGATED_USER_ID: '', DELEGATED_USER_ID_DERIVED: '', DELEGATED_USER_NAME: '' };
    const e = one(row, 'elf:LoginAs');
    expect(e.actor).toMatchObject({ id: ANALYST, type: 'user' });
    expect(e.object).toBeUndefined();
  });
});

describe('ELF Logout', () => {
  it('maps to logout and reads the ELF user type and user-initiated flag', () => {
    const e = at(elfEvents('elf-logout.csv'), 0);
    expect(e).toMatchObject({ action: 'logout', actor: { id: ANALYST, type: 'user' }, details: { sessionType: 'UI', userInitiated: true } });
  });

  it('reads Guest user type', () => {
    const row = { ...at(elfRows('elf-logout.csv'), 0), USER_TYPE: 'Guest(db=G,api=Guest)' };
    expect(one(row, 'elf:Logout').actor.type).toBe('guest');
  });
});
