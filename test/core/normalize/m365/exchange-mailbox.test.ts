import { describe, expect, it } from 'vitest';
import { loadBlob, onlyEvent, recordById } from './fixture-blobs.ts';

const blob = loadBlob('audit-exchange-blob');
const rec = (id: string) => recordById(blob, id);

describe('Exchange MailItemsAccessed', () => {
  it('Sync access: count = OperationCount, accessType and throttled from OperationProperties', () => {
    const e = onlyEvent(rec('0393eaa6-0001'), 'Audit.Exchange');
    expect(e).toMatchObject({
      app: 'exchange',
      action: 'mail_access',
      vendorAction: 'MailItemsAccessed',
      count: 412,
      actor: { id: 'asmith@contoso.com', type: 'user' },
      object: { type: 'mailbox', id: 'asmith@contoso.com' },
      src: { ip: '185.220.101.44', ua: 'Client=WebServices;Action=Sync;Microsoft Office/16.0 (Exchange Web Services)' },
      session: '9e1f2c3a-0b4d-4e5f-8a6b-7c8d9e0f1a01',
      outcome: 'success',
      details: { accessType: 'Sync', throttled: false, appId: 'da45730d-9a05-4962-8d30-ddb09776a301', logonType: 'owner' },
    });
  });

  it('without OperationCount, counts Folders[].FolderItems; delegated access to another mailbox', () => {
    const e = onlyEvent(rec('0393eaa6-0002'));
    expect(e.count).toBe(3);
    expect(e.details).toMatchObject({ accessType: 'Bind', throttled: true, logonType: 'delegated' });
    expect(e.object).toEqual({ type: 'mailbox', id: 'ceo@contoso.com', name: 'ceo@contoso.com' });
    expect(e.actor.id).toBe('mallory@contoso.com');
    // ClientIP absent: ClientIPAddress is the fallback, brackets and port stripped.
    expect(e.src?.ip).toBe('2001:db8:4::9');
  });

  it('reads OperationProperties sent as JSON inside a string and a string OperationCount', () => {
    const e = onlyEvent(rec('0393eaa6-0003'));
    expect(e).toMatchObject({ count: 7, details: { accessType: 'Bind', throttled: false } });
  });

  it('an undecodable OperationProperties string leaves the details out instead of failing', () => {
    const r = rec('0393eaa6-0003');
    r.OperationProperties = '[{"Name":';
    const e = onlyEvent(r);
    expect(e.action).toBe('mail_access');
    expect(e.details?.accessType).toBeUndefined();
  });

  it('a negative OperationCount falls back to the folder items', () => {
    const r = rec('0393eaa6-0002');
    r.OperationCount = -1;
    expect(onlyEvent(r).count).toBe(3);
  });

  it('no OperationCount and no Folders → no count', () => {
    const r = rec('0393eaa6-0002');
    delete r.Folders;
    expect(onlyEvent(r).count).toBeUndefined();
  });
});

describe('other Exchange operations', () => {
  it('Send → other, attributed to the mailbox', () => {
    expect(onlyEvent(rec('0393eaa6-0004'))).toMatchObject({ action: 'other', vendorAction: 'Send', src: { ip: '203.0.113.24' } });
  });

  it('New-InboxRule → config_change with the forwarding address as external party, ResultStatus True → success', () => {
    const e = onlyEvent(rec('0393eaa6-0005'));
    expect(e).toMatchObject({
      action: 'config_change',
      outcome: 'success',
      external: { user: 'drop.box@fabrikam-mail.example', domain: 'fabrikam-mail.example' },
      object: { type: 'exchange-object', id: 'contoso.onmicrosoft.com/Users/asmith\\fwd-all' },
    });
  });

  it('Add-MailboxPermission → config_change by an admin', () => {
    const e = onlyEvent(rec('0393eaa6-0006'));
    expect(e).toMatchObject({ action: 'config_change', actor: { id: 'admin@contoso.com', type: 'admin' }, object: { id: 'ceo' } });
    expect(e.external).toBeUndefined();
  });

  it('NT AUTHORITY\\SYSTEM with a process suffix is a system actor, loopback IP kept', () => {
    const e = onlyEvent(rec('0393eaa6-0007'));
    expect(e.actor).toMatchObject({ id: 'nt authority\\system (microsoft.exchange.store.worker)', type: 'system' });
    expect(e.actor.email).toBeUndefined();
    expect(e.src?.ip).toBe('::1');
  });

  it('ResultStatus False → failure', () => {
    const r = rec('0393eaa6-0006');
    r.ResultStatus = 'False';
    expect(onlyEvent(r).outcome).toBe('failure');
  });
});
