import { Prng } from '../../lib/simulate/prng.ts';
import { toId18 } from '../../lib/simulate/salesforce-id.ts';
import { alnum, fastUuid } from './random-ids.ts';

/** One made-up employee with an account in each SaaS they use. */
export interface BenchPerson {
  email: string;
  name: string;
  /** Salesforce user ids (15 and case-safe 18 chars), for the share of people with a CRM licence. */
  sf?: { id15: string; id18: string; sessionKey: string; loginKey: string };
  slackId?: string;
  m365: { userKey: string; objectId: string; mailboxGuid: string };
  ip: string;
  ua: string;
}

export const BENCH_DOMAIN = 'bench-corp.example';
const FIRST = ['ana', 'ben', 'chen', 'dara', 'eli', 'fatima', 'gus', 'hana', 'ivan', 'jo', 'kofi', 'lena', 'mo', 'noor', 'omar', 'pia'];
const LAST = ['adams', 'baker', 'costa', 'diaz', 'evans', 'fischer', 'garcia', 'horvat', 'ito', 'jensen', 'kim', 'lopez', 'meyer', 'novak'];
const UAS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0',
];

/**
 * `size` people: everyone has Microsoft 365, ~80 % Slack, ~40 % a Salesforce licence, so one person is up to three
 * principals joined by e-mail. A pure function of the seed.
 */
export function buildPopulation(seed: string, size: number): BenchPerson[] {
  const rng = new Prng(`${seed}/population`);
  const people: BenchPerson[] = [];
  for (let i = 0; i < size; i++) {
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    const email = `${first}.${last}.${i}@${BENCH_DOMAIN}`;
    const person: BenchPerson = {
      email,
      name: `${first[0]!.toUpperCase()}${first.slice(1)} ${last[0]!.toUpperCase()}${last.slice(1)}`,
      m365: { userKey: `10032${alnum(rng, 11).toUpperCase()}`, objectId: fastUuid(rng), mailboxGuid: fastUuid(rng) },
      ip: `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
      ua: rng.pick(UAS),
    };
    if (rng.chance(0.8)) person.slackId = `W0${alnum(rng, 9).toUpperCase()}`;
    if (rng.chance(0.4)) {
      const id15 = `0055e0000${alnum(rng, 6)}`;
      person.sf = { id15, id18: toId18(id15), sessionKey: alnum(rng, 16), loginKey: alnum(rng, 16) };
    }
    people.push(person);
  }
  return people;
}
