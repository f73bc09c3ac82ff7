import { describe, expect, it } from 'vitest';
import { loadBlob, onlyEvent, recordById } from './fixture-blobs.ts';

const blob = loadBlob('audit-aad-blob');
const rec = (id: string) => recordById(blob, id);

describe('Entra directory changes', () => {
  it('Add user. for a guest → external_invite with the guest domain', () => {
    expect(onlyEvent(rec('a7b8c9d0-0003'))).toMatchObject({
      action: 'external_invite', vendorAction: 'Add user.',
      external: { user: 'jane.doe@fabrikam.com', domain: 'fabrikam.com' },
      object: { type: 'user', id: 'jane.doe_fabrikam.com#EXT#@contoso.onmicrosoft.com' },
    });
  });

  it('a guest known only from ModifiedProperties takes its address from Mail', () => {
    const r = rec('a7b8c9d0-0003');
    r.ObjectId = '4e5f6a7b-0001-4c8d-9e0f-1a2b3c4d5e01';
    r.Target = [];
    expect(onlyEvent(r).external).toEqual({ user: 'jane.doe@fabrikam.com', domain: 'fabrikam.com' });
  });

  it('Add user. for a member → user_created; case of the operation does not matter', () => {
    const r = rec('a7b8c9d0-0004');
    expect(onlyEvent(r)).toMatchObject({ action: 'user_created', object: { id: 'newhire@contoso.com' } });
    r.Operation = 'Add User.';
    expect(onlyEvent(r).action).toBe('user_created');
  });

  it('Consent to application. → app_install with granted scopes and consent kind', () => {
    expect(onlyEvent(rec('a7b8c9d0-0005'))).toMatchObject({
      action: 'app_install',
      object: { type: 'app', id: 'ServicePrincipal_6a7b8c9d-0001-4e0f-8a1b-2c3d4e5f6a01', name: 'Mail Helper' },
      details: { scopes: ['Mail.Read', 'Files.Read.All', 'offline_access'], adminConsent: false },
    });
  });

  it('Add service principal. → app_install', () => {
    expect(onlyEvent(rec('a7b8c9d0-0006'))).toMatchObject({ action: 'app_install', object: { name: 'Mail Helper' } });
  });

  it('role and policy changes', () => {
    const r = rec('a7b8c9d0-0004');
    r.Operation = 'Add member to role.';
    expect(onlyEvent(r).action).toBe('role_change');
    r.Operation = 'Update conditional access policy.';
    expect(onlyEvent(r).action).toBe('config_change');
    r.Operation = 'Update user.';
    expect(onlyEvent(r).action).toBe('other');
  });

  it('security-info (MFA) changes → mfa_change, and role grants name whose account changed (idp-signals)', () => {
    const r = rec('a7b8c9d0-0004');
    r.Operation = 'Add member to role.';
    expect(onlyEvent(r).details?.['subject']).toBe('newhire@contoso.com');
    r.Operation = 'User registered security info.';
    expect(onlyEvent(r)).toMatchObject({ action: 'mfa_change', details: { subject: 'newhire@contoso.com' } });
    r.Operation = 'Update user.';
    r.ModifiedProperties = [{ Name: 'StrongAuthenticationMethod', NewValue: '[{"MethodType":6,"Default":true}]', OldValue: '[]' }];
    expect(onlyEvent(r).action).toBe('mfa_change');
    r.ModifiedProperties = [{ Name: 'DisplayName', NewValue: '["New Hire"]', OldValue: '[]' }];
    expect(onlyEvent(r).action).toBe('other');
  });
});
