import { describe, expect, it } from 'vitest';
import { normalize, onlyEvent } from './fixture-blobs.ts';

/** A minimal valid SharePoint record; tests vary one field at a time. */
const base = (): Record<string, unknown> => ({
  CreationTime: '2026-07-01T10:20:30',
  Id: 'c0ffee00-0001-4aaa-8bbb-000000000001',
  Operation: 'FileDownloaded',
  OrganizationId: '8f4a1c62-77d3-4b0e-9a55-2c1de9f80b31',
  RecordType: 6,
  UserKey: 'i:0h.f|membership|10032000a1b2c3d4@live.com',
  UserType: 0,
  Workload: 'SharePoint',
  UserId: 'asmith@contoso.com',
  ClientIP: '203.0.113.24',
  ObjectId: 'https://contoso.sharepoint.com/sites/x/Shared Documents/a.txt',
  SourceFileName: 'a.txt',
  ItemType: 'File',
});

const rejectOf = (record: unknown) => {
  const out = normalize(record as Record<string, unknown>);
  if (out.ok) throw new Error('expected a reject');
  return out;
};

describe('normalizeM365 rejects', () => {
  it.each([[null], [[1, 2]], ['text'], [42]])('not an object: %j', (record) => {
    expect(rejectOf(record).reason).toBe('not-an-m365-record');
  });

  it('a non-string Operation is the wrong shape', () => {
    expect(rejectOf({ ...base(), Operation: 7 })).toMatchObject({ reason: 'not-an-m365-record', detail: expect.stringContaining('Operation') });
  });

  it('missing and unparseable CreationTime', () => {
    const { CreationTime: _, ...noTime } = base();
    expect(rejectOf(noTime).reason).toBe('missing-time');
    expect(rejectOf({ ...base(), CreationTime: '' }).reason).toBe('missing-time');
    expect(rejectOf({ ...base(), CreationTime: '07/01/2026 10:20' })).toMatchObject({ reason: 'bad-timestamp', detail: expect.stringContaining('07/01/2026') });
    expect(rejectOf({ ...base(), CreationTime: 1751365230 }).reason).toBe('bad-timestamp');
    expect(rejectOf({ ...base(), CreationTime: 10n })).toMatchObject({ reason: 'bad-timestamp', detail: 'CreationTime of type bigint' });
  });

  it('no actor identity at all', () => {
    expect(rejectOf({ ...base(), UserId: undefined, UserKey: '' }).reason).toBe('missing-actor');
  });

  it('an empty envelope id', () => {
    expect(rejectOf({ ...base(), Id: '' }).reason).toBe('missing-id');
  });

  it('no operation', () => {
    expect(rejectOf({ ...base(), Operation: '  ' }).reason).toBe('missing-operation');
  });
});

describe('normalizeM365 common fields', () => {
  it.each([
    ['2026-07-01T10:20:30', Date.UTC(2026, 6, 1, 10, 20, 30)],
    ['2026-07-01T10:20:30Z', Date.UTC(2026, 6, 1, 10, 20, 30)],
    ['2026-07-01 10:20:30', Date.UTC(2026, 6, 1, 10, 20, 30)],
    ['2026-07-01T10:20:30.5', Date.UTC(2026, 6, 1, 10, 20, 30, 500)],
    ['2026-07-01T12:20:30+02:00', Date.UTC(2026, 6, 1, 10, 20, 30)],
  ])('CreationTime %s is UTC', (t, ms) => {
    expect(onlyEvent({ ...base(), CreationTime: t }).time).toBe(ms);
  });

  it.each([
    [0, 'user'], ['0', 'user'], [2, 'admin'], [3, 'admin'], [4, 'system'], [5, 'app'], ['6', 'app'], [10, 'guest'], ['10', 'guest'], [99, 'user'],
  ])('UserType %j → %s', (userType, type) => {
    expect(onlyEvent({ ...base(), UserType: userType }).actor.type).toBe(type);
  });

  it.each([['SHAREPOINT\\system'], ['app@sharepoint'], ['NT AUTHORITY\\SYSTEM'], ['S-1-5-18']])('%s is a system actor without e-mail', (id) => {
    const a = onlyEvent({ ...base(), UserId: id, UserType: 0 }).actor;
    expect(a).toEqual({ id: id.toLowerCase(), type: 'system' });
  });

  it('a #EXT# UPN is a guest with the decoded home address as e-mail', () => {
    expect(onlyEvent({ ...base(), UserId: 'Jane_Partner.com#EXT#@contoso.onmicrosoft.com', UserType: 0 }).actor).toEqual({
      id: 'jane_partner.com#ext#@contoso.onmicrosoft.com', email: 'jane@partner.com', type: 'guest',
    });
  });

  it('a non-address UserId has no e-mail; an empty UserId falls back to UserKey', () => {
    expect(onlyEvent({ ...base(), UserId: 'Application', UserType: 5 }).actor).toEqual({ id: 'application', type: 'app' });
    expect(onlyEvent({ ...base(), UserId: '', UserKey: '10032000ABCDEF01' }).actor.id).toBe('10032000abcdef01');
  });

  it.each([
    [{ ClientIP: '203.0.113.9:51000' }, '203.0.113.9'],
    [{ ClientIP: '[203.0.113.9]' }, '203.0.113.9'],
    [{ ClientIP: '[2001:DB8::1]:443' }, '2001:db8::1'],
    [{ ClientIP: '::ffff:203.0.113.9' }, '::ffff:203.0.113.9'],
    [{ ClientIP: null, ClientIPAddress: '198.51.100.1' }, '198.51.100.1'],
    [{ ClientIP: '', ActorIpAddress: '198.51.100.2' }, '198.51.100.2'],
    [{ ClientIP: 'cool.client.local:8080' }, undefined],
    [{ ClientIP: 'localhost' }, undefined],
  ])('IP %j → %s', (fields, ip) => {
    expect(onlyEvent({ ...base(), ...fields }).src?.ip).toBe(ip);
  });

  it('session prefers AppAccessContext.AADSessionId over SessionId', () => {
    expect(onlyEvent({ ...base(), SessionId: 'exo-session' }).session).toBe('exo-session');
    expect(onlyEvent({ ...base(), SessionId: 'exo-session', AppAccessContext: { AADSessionId: 'aad-session' } }).session).toBe('aad-session');
  });

  it('peripheral fields of the wrong type are ignored rather than losing the event', () => {
    const e = onlyEvent({ ...base(), ClientIP: 12345, UserAgent: { x: 1 }, AppAccessContext: 'n/a', SourceFileName: 5 });
    expect(e.src).toBeUndefined();
    expect(e.session).toBeUndefined();
    expect(e.object).toEqual({ type: 'file', id: 'https://contoso.sharepoint.com/sites/x/Shared Documents/a.txt', name: 'a.txt' });
  });

  it('ResultStatus spellings', () => {
    expect(onlyEvent({ ...base(), ResultStatus: 'Succeeded' }).outcome).toBe('success');
    expect(onlyEvent({ ...base(), ResultStatus: 'PartiallySucceeded' }).outcome).toBe('success');
    expect(onlyEvent({ ...base(), ResultStatus: 'failed' }).outcome).toBe('failure');
    expect(onlyEvent({ ...base(), ResultStatus: 'InProgress' }).outcome).toBe('unknown');
  });

  it('workloads not read closely stay as generic m365 events', () => {
    const e = onlyEvent({ ...base(), Workload: 'PowerBI', RecordType: 20, Operation: 'ViewReport' });
    expect(e).toMatchObject({ app: 'm365', action: 'other', vendorAction: 'ViewReport', tenant: '8f4a1c62-77d3-4b0e-9a55-2c1de9f80b31' });
    expect(e.object).toBeUndefined();
  });

  it('keeps the envelope id and raw ref', () => {
    const e = onlyEvent(base());
    expect(e.id).toBe('c0ffee00-0001-4aaa-8bbb-000000000001');
    expect(e.ref).toEqual({ file: 'fixture', line: 1 });
  });
});
