import { describe, expect, it } from 'vitest';
import { at, elfEvents, elfRows, one, run } from './sf-fixtures.ts';

const login = () => ({ ...at(elfRows('elf-login.csv'), 0) });

describe('ELF row dispatch', () => {
  it('maps an event type with no family of its own to other with the common columns', () => {
    const e = at(elfEvents('elf-apexcallout.csv'), 0);
    expect(e).toMatchObject({ action: 'other', vendorAction: 'ApexCallout', actor: { id: '0055e00000IntGrAAJ' }, tenant: '00D5e000000AbCdEAK' });
  });

  it('uses the stream event type when the row lacks EVENT_TYPE', () => {
    const row = login();
    delete (row as Record<string, unknown>).EVENT_TYPE;
    expect(one(row, 'elf:Login').vendorAction).toBe('Login');
    expect(run(row, '').ok).toBe(false);
  });

  it('infers ELF from EVENT_TYPE when the stream has no prefix', () => {
    expect(one(login(), 'replay').action).toBe('login');
  });

  it('accepts SIEM-lower-cased ELF rows by upper-casing the headers', () => {
    const lower = Object.fromEntries(Object.entries(login()).map(([k, v]) => [k.toLowerCase(), v]));
    const e = one(lower, '');
    expect(e).toMatchObject({ action: 'login', actor: { id: '0055e00000AbCdEAAV', email: 'analyst@acme.example' } });
  });

  it('rejects a header row that slipped into the data', () => {
    const header = Object.fromEntries(Object.keys(login()).map((k) => [k, k]));
    expect(run(header, 'elf:Login')).toMatchObject({ ok: false, reason: 'csv-header-row' });
  });

  it('rejects rows without a time, with an unparseable time, or with an impossible calendar date', () => {
    expect(run({ ...login(), TIMESTAMP: '', TIMESTAMP_DERIVED: '' }, 'elf:Login')).toMatchObject({ ok: false, reason: 'missing-time' });
    expect(run({ ...login(), TIMESTAMP: 'yesterday', TIMESTAMP_DERIVED: '' }, 'elf:Login')).toMatchObject({ ok: false, reason: 'bad-timestamp' });
    expect(run({ ...login(), TIMESTAMP: '20261399250000.000', TIMESTAMP_DERIVED: '' }, 'elf:Login')).toMatchObject({ ok: false, reason: 'bad-timestamp' });
  });

  it('prefers TIMESTAMP_DERIVED but falls back to TIMESTAMP when the derived value is garbage', () => {
    const e = one({ ...login(), TIMESTAMP_DERIVED: 'not-a-date' }, 'elf:Login');
    expect(e.time).toBe(Date.UTC(2026, 5, 30, 8, 1, 2, 345));
  });

  it('rejects a row naming no user', () => {
    const out = run({ ...login(), USER_ID: '', USER_ID_DERIVED: '', USER_NAME: '' }, 'elf:Login');
    expect(out).toMatchObject({ ok: false, reason: 'missing-actor' });
  });

  it('uses the username as actor id when only USER_NAME is present', () => {
    const e = one({ ...login(), USER_ID: '', USER_ID_DERIVED: '' }, 'elf:Login');
    expect(e.actor).toMatchObject({ id: 'analyst@acme.example', email: 'analyst@acme.example' });
  });

  it('rejects a wrong shape (nested object where a column value belongs) with bad-shape', () => {
    const out = run({ ...login(), USER_ID: { nested: true } }, 'elf:Login');
    expect(out).toMatchObject({ ok: false, reason: 'bad-shape' });
    if (!out.ok) expect(out.detail).toContain('USER_ID');
  });

  it('tolerates numbers where ELF has strings (JSON-ified CSV)', () => {
    const e = one({ ...at(elfRows('elf-report.csv'), 0), ROW_COUNT: 77 }, 'elf:Report');
    expect(e.count).toBe(77);
  });

  it('ignores a USER_ID_DERIVED that is not an id and falls back to the 15-char USER_ID', () => {
    const e = one({ ...login(), USER_ID_DERIVED: '' }, 'elf:Login');
    expect(e.actor.id).toBe('0055e00000AbCdEAAV');
  });
});
