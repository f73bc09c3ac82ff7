import { describe, expect, it } from 'vitest';
import { decodeGuestUpn, emailDomain, externalFromAddress, isGuestUpn } from '../../../../lib/core/normalize/m365/guest-upn.ts';

describe('guest UPNs', () => {
  it.each([
    ['jane_partner.com#EXT#@tenant.onmicrosoft.com', 'jane@partner.com'],
    ['Jane.Doe_Partner.co.uk#ext#@tenant.onmicrosoft.com', 'jane.doe@partner.co.uk'],
    // The home local part may itself hold `_`: the separator is the last one.
    ['first_last_partner.com#EXT#@tenant.onmicrosoft.com', 'first_last@partner.com'],
  ])('%s decodes to %s', (upn, address) => {
    expect(isGuestUpn(upn)).toBe(true);
    expect(decodeGuestUpn(upn)).toBe(address);
  });

  it.each([['jane@partner.com'], ['nounderscore#EXT#@tenant.onmicrosoft.com'], ['jane_localhost#EXT#@tenant.onmicrosoft.com'], ['']])(
    '%j does not decode', (upn) => {
      expect(decodeGuestUpn(upn)).toBeUndefined();
    },
  );

  it('emailDomain is lower-case and only for addresses', () => {
    expect(emailDomain('Bob@Fabrikam.COM')).toBe('fabrikam.com');
    expect(emailDomain('SHAREPOINT\\system')).toBeUndefined();
  });

  it('externalFromAddress decodes guests, keeps a display name, ignores non-addresses', () => {
    expect(externalFromAddress('jane_partner.com#EXT#@t.onmicrosoft.com', ' Jane ')).toEqual({ user: 'jane@partner.com', domain: 'partner.com', name: 'Jane' });
    expect(externalFromAddress('Ops@Fabrikam.com')).toEqual({ user: 'ops@fabrikam.com', domain: 'fabrikam.com' });
    expect(externalFromAddress('Everyone except external users')).toBeUndefined();
  });
});
