import { Prng, ALNUM_UPPER } from './prng.ts';
import { sfId15, toId18 } from './salesforce-id.ts';

/** Fixed facts of the made-up org "Example Corp" (example.com); the demo config says the same. */
export const ORG = {
  name: 'Example Corp',
  domain: 'example.com',
  timezone: 'Europe/Berlin',
  officeNetwork: '198.51.100.0/24',
  m365TenantId: '6f1c2a9e-4b7d-4e21-9c3a-8d5e0f7a1b24',
  m365Host: 'examplecorp',
  onmicrosoft: 'examplecorp.onmicrosoft.com',
  crmOrg: 'orgexamplecorp',
  crmUrl: 'https://examplecorp.crm4.dynamics.com',
  sfOrgId15: '00D5e0000001XyZ',
  sfApiVersion: '62.0',
  slackEnterprise: { id: 'E05EXMPL01', name: 'Example Corp', domain: 'examplecorp' },
  slackWorkspace: { id: 'T05EXMPL01', name: 'Example Corp', domain: 'examplecorp' },
} as const;

export interface PartnerContact {
  name: string;
  email: string;
  slackId: string;
}

export interface Partner {
  name: string;
  domain: string;
  slackTeam: { id: string; name: string; domain: string };
  contacts: PartnerContact[];
}

export const PARTNERS: readonly Partner[] = [
  {
    name: 'Acme Logistics',
    domain: 'acmelogistics.com',
    slackTeam: { id: 'T07ACMELOG', name: 'Acme Logistics', domain: 'acmelogistics' },
    contacts: [
      { name: 'Dana Whitfield', email: 'dana.whitfield@acmelogistics.com', slackId: 'W07ACME0001' },
      { name: 'Tom Okafor', email: 'tom.okafor@acmelogistics.com', slackId: 'W07ACME0002' },
    ],
  },
  {
    name: 'Globex Supply',
    domain: 'globex-supply.com',
    slackTeam: { id: 'T06GLOBEX1', name: 'Globex Supply', domain: 'globex-supply' },
    contacts: [
      { name: 'Priya Raman', email: 'priya.raman@globex-supply.com', slackId: 'W06GLBX0001' },
      { name: 'Marco Bellini', email: 'marco.bellini@globex-supply.com', slackId: 'W06GLBX0002' },
    ],
  },
];

export type Role =
  | 'sales' | 'sales-manager' | 'sales-ops' | 'analyst' | 'finance' | 'engineer'
  | 'marketing' | 'support' | 'it-admin' | 'compliance' | 'exec';

/** Roles with a Salesforce licence; `support` works in Dynamics 365 instead. */
export const SALESFORCE_ROLES: ReadonlySet<Role> = new Set(['sales', 'sales-manager', 'sales-ops', 'exec', 'it-admin']);

const ROSTER: ReadonlyArray<[string, string, Role]> = [
  ['Lena', 'Hoffmann', 'sales'], ['Jonas', 'Becker', 'sales'], ['Sofia', 'Marino', 'sales'], ['Felix', 'Wagner', 'sales'],
  ['Amira', 'Haddad', 'sales'], ['Lukas', 'Schulz', 'sales'], ['Clara', 'Neumann', 'sales'], ['David', 'Kowalski', 'sales'],
  ['Hannah', 'Fischer', 'sales'], ['Omar', 'Nasser', 'sales'], ['Julia', 'Weber', 'sales'], ['Ben', 'Carter', 'sales'],
  ['Katrin', 'Vogel', 'sales-manager'], ['Paul', 'Richter', 'sales-manager'], ['Mia', 'Schneider', 'sales-ops'],
  ['Elias', 'Braun', 'analyst'], ['Nora', 'Lindqvist', 'analyst'], ['Tim', 'Hartmann', 'analyst'], ['Lea', 'Krause', 'analyst'],
  ['Yusuf', 'Demir', 'analyst'], ['Emma', 'Lang', 'analyst'], ['Anna', 'Zimmermann', 'finance'], ['Max', 'Schmitt', 'finance'],
  ['Ines', 'Costa', 'finance'], ['Karl', 'Wolf', 'finance'], ['Leon', 'Meyer', 'engineer'], ['Marie', 'Dubois', 'engineer'],
  ['Noah', 'Klein', 'engineer'], ['Sara', 'Jovanovic', 'engineer'], ['Finn', 'Lehmann', 'engineer'], ['Ella', 'Kaiser', 'engineer'],
  ['Luca', 'Romano', 'marketing'], ['Greta', 'Peters', 'marketing'], ['Jan', 'Nowak', 'marketing'], ['Zoe', 'Fuchs', 'support'],
  ['Moritz', 'Berger', 'support'], ['Alina', 'Popescu', 'support'], ['Tobias', 'Keller', 'it-admin'],
  ['Helena', 'Roth', 'compliance'], ['Markus', 'Adler', 'exec'],
];

export interface Person {
  index: number;
  name: string;
  email: string;
  role: Role;
  /** Salesforce user ids (15 and case-safe 18), when licensed. */
  sf?: { id15: string; id18: string };
  slackId: string;
  /** Entra object id and Exchange/SharePoint PUID-style UserKey. */
  m365: { objectId: string; userKey: string; mailboxGuid: string };
  officeIp?: string;
  homeIp?: string;
  /** The 1–2 IPs this person is usually seen from. */
  ips: string[];
  /** Usual working window, minutes after local midnight. */
  workStart: number;
  workEnd: number;
  browserUa: string;
  slackUa: string;
}

const BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0',
];
const SLACK_UAS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Slack/4.41.105 Chrome/130.0.6723.137 Electron/33.2.0 Safari/537.36 Sonar',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Slack/4.41.105 Chrome/130.0.6723.137 Electron/33.2.0 Safari/537.36 Sonar',
  'com.tinyspeck.chatlyio/24.11.10 (iPhone; iOS 18.1; Scale/3.00)',
];

const ON_SITE_ROLES: ReadonlySet<Role> = new Set(['it-admin', 'compliance']);

const slug = (s: string): string => s.toLowerCase().replace(/[^a-z]/g, '');

/**
 * The org's people. Names, roles and vendor ids are fixed (a constant roster stream) so the demo reads the same
 * across seeds; IPs and working habits come from the run's seed.
 */
export function buildPeople(rng: Prng): Person[] {
  const ids = new Prng('hoardwatch-roster-v1');
  const usedOffice = new Set<number>();
  const usedHome = new Set<number>();
  const draw = (used: Set<number>, lo: number, hi: number): number => {
    let n = rng.int(lo, hi);
    while (used.has(n)) n = n === hi ? lo : n + 1;
    used.add(n);
    return n;
  };
  return ROSTER.map(([first, last, role], index) => {
    const id15 = sfId15(ids, '005');
    const slackId = `W0${ids.chars(9, ALNUM_UPPER)}`;
    const m365 = { objectId: ids.uuid(), userKey: `1003${ids.hex(12).toUpperCase()}`, mailboxGuid: ids.uuid() };
    // Office-only, office + home, or fully remote: each person has 1–2 usual IPs.
    // Admin and compliance staff work on site at least part of the week (their privileged work happens there).
    const kind = ON_SITE_ROLES.has(role) ? rng.pick(['office', 'hybrid'] as const) : rng.pick(['office', 'hybrid', 'hybrid', 'remote'] as const);
    const officeIp = kind === 'remote' ? undefined : `198.51.100.${draw(usedOffice, 10, 250)}`;
    const homeIp = kind === 'office' ? undefined : `203.0.113.${draw(usedHome, 2, 250)}`;
    const person: Person = {
      index,
      name: `${first} ${last}`,
      email: `${slug(first)}.${slug(last)}@${ORG.domain}`,
      role,
      slackId,
      m365,
      ips: [officeIp, homeIp].filter((x): x is string => x !== undefined),
      workStart: rng.int(7 * 60 + 30, 9 * 60 + 30),
      workEnd: rng.int(16 * 60 + 30, 18 * 60 + 15),
      browserUa: rng.pick(BROWSERS),
      slackUa: rng.pick(SLACK_UAS),
    };
    if (officeIp) person.officeIp = officeIp;
    if (homeIp) person.homeIp = homeIp;
    if (SALESFORCE_ROLES.has(role)) person.sf = { id15, id18: toId18(id15) };
    return person;
  });
}

/** M365 guest UPN as Entra writes it: `jane_partner.com#EXT#@tenant.onmicrosoft.com`. */
export const guestUpn = (email: string): string => `${email.replace('@', '_')}#EXT#@${ORG.onmicrosoft}`;
