import { describe, expect, it } from 'vitest';
import { loadBlob, onlyEvent, recordById } from './fixture-blobs.ts';

const blob = loadBlob('audit-sharepoint-blob');
const rec = (id: string) => recordById(blob, id);

describe('SharePoint/OneDrive file operations', () => {
  it('FileDownloaded → file_download identified by the full file URL', () => {
    const e = onlyEvent(rec('6f1d2a10-0001'), 'Audit.SharePoint');
    expect(e).toMatchObject({
      id: '6f1d2a10-0001-4c1e-9a01-3b5e7c900001',
      source: 'm365',
      app: 'sharepoint',
      action: 'file_download',
      vendorAction: 'FileDownloaded',
      tenant: '8f4a1c62-77d3-4b0e-9a55-2c1de9f80b31',
      actor: { id: 'asmith@contoso.com', email: 'asmith@contoso.com', type: 'user' },
      object: { type: 'file', id: 'https://contoso.sharepoint.com/sites/Finance/Shared Documents/Q3 forecast.xlsx', name: 'Q3 forecast.xlsx' },
      src: { ip: '203.0.113.24', ua: expect.stringContaining('Chrome/126') },
      session: '00a6b1c2-d3e4-4f5a-8b6c-7d8e9f0a1b01',
      outcome: 'unknown',
    });
    expect(e.time).toBe(Date.UTC(2026, 5, 30, 9, 15, 2));
  });

  it('FileSyncDownloadedFull on OneDrive → file_sync_download, app onedrive, port stripped from ClientIP', () => {
    const e = onlyEvent(rec('6f1d2a10-0002'));
    expect(e).toMatchObject({ app: 'onedrive', action: 'file_sync_download', src: { ip: '198.51.100.7' } });
    expect(e.object).toEqual({
      type: 'file', id: 'https://contoso-my.sharepoint.com/personal/asmith_contoso_com/Documents/Passwords.kdbx', name: 'Passwords.kdbx',
    });
  });

  it.each([
    ['6f1d2a10-0003', 'file_access'],
    ['6f1d2a10-0004', 'file_access'],
    ['6f1d2a10-0005', 'file_preview'],
    ['6f1d2a10-0006', 'file_upload'],
    ['6f1d2a10-0007', 'other'],
    ['6f1d2a10-0008', 'other'],
    ['6f1d2a10-0009', 'search'],
    ['6f1d2a10-0010', 'public_link'],
    ['6f1d2a10-0011', 'public_link_used'],
    ['6f1d2a10-0016', 'file_share'],
  ])('%s maps to %s', (id, action) => {
    expect(onlyEvent(rec(id)).action).toBe(action);
  });

  it('reads string RecordType/UserType, a space-separated CreationTime and a bracketed IPv6 with port', () => {
    const e = onlyEvent(rec('6f1d2a10-0003'));
    expect(e.time).toBe(Date.UTC(2026, 5, 30, 9, 17, 5));
    expect(e.src?.ip).toBe('2001:db8::17');
    expect(e.actor.type).toBe('user');
  });

  it('search events carry no file object', () => {
    expect(onlyEvent(rec('6f1d2a10-0009')).object).toBeUndefined();
  });

  it('the same file downloaded twice yields the same object id (distinct-file counting)', () => {
    const a = onlyEvent(rec('6f1d2a10-0001'));
    const b = onlyEvent(rec('6f1d2a10-0018'));
    expect(b.object?.id).toBe(a.object?.id);
    expect(b.actor).toMatchObject({ type: 'guest', email: 'jane.doe@fabrikam.com' });
  });

  it('rebuilds the file URL from site, path and name when ObjectId is missing', () => {
    const r = rec('6f1d2a10-0001');
    delete r.ObjectId;
    expect(onlyEvent(r).object).toEqual({
      type: 'file', id: 'https://contoso.sharepoint.com/sites/Finance/Shared Documents/Q3 forecast.xlsx', name: 'Q3 forecast.xlsx',
    });
  });

  it('an anonymous-link visitor is a guest, and SHAREPOINT\\system is system with no IP', () => {
    expect(onlyEvent(rec('6f1d2a10-0011')).actor).toEqual({ id: 'urn:spo:anon#3c5e0e9a', type: 'guest' });
    const sys = onlyEvent(rec('6f1d2a10-0017'));
    expect(sys.actor).toEqual({ id: 'sharepoint\\system', type: 'system' });
    expect(sys.src).toBeUndefined();
  });

  it('Workload decides the app, not the content type', () => {
    expect(onlyEvent(rec('6f1d2a10-0002'), 'Audit.General').app).toBe('onedrive');
    expect(onlyEvent(rec('6f1d2a10-0001'), 'vendor-file').app).toBe('sharepoint');
  });

  it('without Workload, RecordType routes and the personal-site host marks OneDrive', () => {
    const r = rec('6f1d2a10-0002');
    delete r.Workload;
    expect(onlyEvent(r)).toMatchObject({ app: 'onedrive', action: 'file_sync_download' });
    const s = rec('6f1d2a10-0001');
    delete s.Workload;
    expect(onlyEvent(s)).toMatchObject({ app: 'sharepoint', action: 'file_download' });
  });
});

describe('SharePoint/OneDrive sharing operations', () => {
  it('SharingSet to a #EXT# guest → file_share with the decoded external party', () => {
    const e = onlyEvent(rec('6f1d2a10-0012'));
    expect(e).toMatchObject({
      action: 'file_share',
      external: { user: 'jane.doe@fabrikam.com', domain: 'fabrikam.com' },
      details: { targetType: 'Guest' },
      object: { type: 'file', name: 'Q3 forecast.xlsx' },
    });
  });

  it('SharingInvitationCreated to a guest e-mail → lower-cased user and domain', () => {
    expect(onlyEvent(rec('6f1d2a10-0013')).external).toEqual({ user: 'bob@fabrikarn.com', domain: 'fabrikarn.com' });
  });

  it('AddedToSecureLink with an untyped address outside the actor domain is external', () => {
    expect(onlyEvent(rec('6f1d2a10-0014'))).toMatchObject({
      action: 'file_share', external: { user: 'carol@northwind.example', domain: 'northwind.example' },
    });
  });

  it('an untyped address in the actor domain is not external', () => {
    const r = rec('6f1d2a10-0014');
    r.TargetUserOrGroupName = 'dave@contoso.com';
    expect(onlyEvent(r).external).toBeUndefined();
  });

  it('SecureLinkCreated to a Member and CompanyLinkCreated are file_share without external party', () => {
    for (const id of ['6f1d2a10-0015', '6f1d2a10-0016']) {
      const e = onlyEvent(rec(id));
      expect(e.action).toBe('file_share');
      expect(e.external).toBeUndefined();
    }
  });

  it('a Guest target named without an address keeps the name', () => {
    const r = rec('6f1d2a10-0013');
    r.TargetUserOrGroupName = 'Fabrikam Partners';
    expect(onlyEvent(r).external).toEqual({ name: 'Fabrikam Partners' });
  });
});
