import { ORG } from '../org.ts';
import type { Person } from '../org.ts';
import { Prng } from '../prng.ts';
import { sfId15, toId18 } from '../salesforce-id.ts';
import type { SfPerson } from '../vendors/salesforce.ts';

/**
 * Identities scenarios need beyond the roster. Ids come from a constant stream (like the roster's), so config files
 * can name them whatever the seed.
 */

/** The nightly ETL integration user of the data warehouse (a Salesforce-only service account). */
export function etlServiceAccount(): SfPerson {
  const ids = new Prng('hoardwatch-roster-v1/service-accounts/etl');
  const id15 = sfId15(ids, '005');
  return {
    index: 1000,
    name: 'ETL Integration',
    email: `svc.etl@${ORG.domain}`,
    role: 'it-admin',
    sf: { id15, id18: toId18(id15) },
    slackId: `W0SVCETL${ids.chars(3, '0123456789')}`,
    m365: { objectId: ids.uuid(), userKey: `1003${ids.hex(12).toUpperCase()}`, mailboxGuid: ids.uuid() },
    ips: ['34.159.62.201'],
    workStart: 60,
    workEnd: 150,
    browserUa: 'Fivetran/3.0 (Bulk API 2.0)',
    slackUa: '',
  };
}

/** A roster person with the Salesforce licence their role does not come with (ids stable per e-mail). */
export function withSalesforce(person: Person): SfPerson {
  if (person.sf) return person as SfPerson;
  const id15 = sfId15(new Prng(`hoardwatch-roster-v1/extra-licence/${person.email}`), '005');
  return { ...person, sf: { id15, id18: toId18(id15) } };
}

/** An integration user nobody listed in the config: the marketing automation's Salesforce connector. */
export function integrationPoller(): SfPerson {
  const ids = new Prng('hoardwatch-roster-v1/service-accounts/marketing-sync');
  const id15 = sfId15(ids, '005');
  return {
    index: 1001,
    name: 'Marketing Sync',
    email: `integration.marketing@${ORG.domain}`,
    role: 'it-admin',
    sf: { id15, id18: toId18(id15) },
    slackId: `W0SVCMKT${ids.chars(3, '0123456789')}`,
    m365: { objectId: ids.uuid(), userKey: `1003${ids.hex(12).toUpperCase()}`, mailboxGuid: ids.uuid() },
    ips: ['35.198.84.17'],
    workStart: 0,
    workEnd: 1440,
    browserUa: 'Jersey/2.41 (HttpUrlConnection 17.0.12)',
    slackUa: '',
  };
}

/** A sales rep who joined in the last week of the window. */
export function newHire(base: Person): SfPerson {
  const ids = new Prng('hoardwatch-roster-v1/new-hire');
  const id15 = sfId15(ids, '005');
  return {
    ...base,
    index: 1002,
    name: 'Nina Schubert',
    email: `nina.schubert@${ORG.domain}`,
    role: 'sales',
    sf: { id15, id18: toId18(id15) },
    slackId: `W0${ids.chars(9, '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ')}`,
    m365: { objectId: ids.uuid(), userKey: `1003${ids.hex(12).toUpperCase()}`, mailboxGuid: ids.uuid() },
  };
}

/** People beyond the roster that scenarios bring in: part of the org's size when alerts per 100 people are counted. */
export const EXTRA_PEOPLE = 3;
