import { describe, expect, it } from 'vitest';
import { loadBlob, onlyEvent, recordById } from './fixture-blobs.ts';

const blob = loadBlob('audit-aad-blob');
const rec = (id: string) => recordById(blob, id);

describe('Entra sign-ins', () => {
  it('UserLoggedIn → login; ClientIP null falls back to ActorIpAddress; UA from ExtendedProperties', () => {
    expect(onlyEvent(rec('a7b8c9d0-0001'), 'Audit.AzureActiveDirectory')).toMatchObject({
      app: 'entra', action: 'login', outcome: 'success',
      src: { ip: '203.0.113.24', ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0.0.0' },
      details: { application: '89bee1f7-5e6e-4d8a-9f3d-ecd601259da7', requestType: 'OAuth2:Authorize' },
    });
  });

  it('UserLoginFailed → login_failed with failure outcome even though ResultStatus says Success', () => {
    expect(onlyEvent(rec('a7b8c9d0-0002'))).toMatchObject({
      action: 'login_failed', outcome: 'failure', src: { ip: '192.0.2.66', ua: 'python-requests/2.32' },
      details: { error: 'InvalidUserNameOrPassword' },
    });
  });
});

describe('Entra account logons (RecordType 9)', () => {
  const accountLogon = {
    CreationTime: '2026-06-30T07:00:00', Id: 'a7b8c9d0-0009-4e1f-8a2b-3c4d5e6f7a09', Operation: 'PasswordLogonInitialAuthUsingPassword',
    OrganizationId: '8f4a1c62-77d3-4b0e-9a55-2c1de9f80b31', RecordType: 9, ResultStatus: 'failed', UserKey: '1153977025279800001@contoso.onmicrosoft.com',
    UserType: 0, Workload: 'AzureActiveDirectory', ClientIP: '198.51.100.31', ObjectId: 'asmith@contoso.com', UserId: 'asmith@contoso.com',
    ExtendedProperties: [{ Name: 'LoginError', Value: '-2147217390;PP_E_BAD_PASSWORD;bad password' }], Client: 'Exchange', LoginStatus: -2147217390,
  };

  it('a failed password logon → login_failed with the login error and client', () => {
    expect(onlyEvent({ ...accountLogon })).toMatchObject({
      action: 'login_failed', outcome: 'failure', details: { error: '-2147217390;PP_E_BAD_PASSWORD;bad password', client: 'Exchange' },
    });
  });

  it('LoginStatus 0 with lower-case success → login', () => {
    expect(onlyEvent({ ...accountLogon, ResultStatus: 'success', LoginStatus: 0, ExtendedProperties: [] })).toMatchObject({
      action: 'login', outcome: 'success',
    });
  });
});
