import type { ConfigInput } from '../../lib/core/config.ts';

/**
 * A mid-size company's config: dozens of partners, service accounts, suppressions, privileged users and trusted
 * networks, with the prose reasons people write. Tens of KB of JSON: far over Lambda's 4 KB environment.
 */
export function largeConfig(): ConfigInput {
  const n = (i: number) => String(i).padStart(2, '0');
  const range = (count: number) => Array.from({ length: count }, (_, i) => i);
  return {
    org: {
      timezone: 'Europe/Berlin',
      businessHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '07:30', end: '19:00' },
      internalDomains: ['example.com', 'example.de', 'example-group.com', 'corp.example.net'],
    },
    trustedNetworks: [...range(40).map((i) => `198.51.${i}.0/24`), ...range(8).map((i) => `2001:db8:${i.toString(16)}::/48`)],
    partners: range(60).map((i) => ({
      name: `Partner ${n(i)} Logistics & Supply GmbH`,
      domains: [`partner${n(i)}.example`, `partner${n(i)}-supply.example`, `mail.partner${n(i)}.example`],
    })),
    privilegedUsers: range(30).map((i) => `admin.${n(i)}@example.com`),
    serviceAccounts: range(45).map((i) => ({
      principal: `svc.integration${n(i)}@example.com`,
      reason: `Nightly sync ${n(i)} of Account, Contact and Opportunity to the data warehouse (change DATA-${400 + i}); owner data-platform team`,
      ...(i % 3 === 0 ? { expires: '2027-06-30' } : {}),
    })),
    suppressions: range(50).map((i) => ({
      detector: i % 2 ? 'crm.export-volume' : 'slack.bulk-download',
      principal: `analyst.${n(i)}@example.com`,
      expires: '2027-03-31',
      reason: `Quarterly reporting export approved by the CISO (ticket SEC-${1000 + i}); reviewed monthly`,
    })),
    honeytokens: range(25).map((i) => `00O5e0000Z131D${String.fromCharCode(65 + (i % 26))}${n(i)}`.slice(0, 18)),
  };
}
