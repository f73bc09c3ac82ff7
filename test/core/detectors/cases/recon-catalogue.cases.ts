import type { NormalizedEvent } from '../../../../lib/core/event.ts';
import { ev, weekdaysBefore } from '../../../support/event-factory.ts';
import { ORG, type DetectorCase } from './case.ts';

const office = { ip: '198.51.100.7' };
const at = (base: string, minutes: number) => new Date(Date.parse(base) + minutes * 60_000).toISOString();
const slack = (actor: string, when: string, over: Partial<Omit<NormalizedEvent, 'actor'>>) => ev(when, { source: 'slack', app: 'slack', actor: { id: actor }, src: office, ...over });
const habit = (actor: string, entity = 'Lead') => weekdaysBefore('2026-11-20', 10).map((d) => ev(`${d}T09:00:00Z`, { actor: { id: actor }, action: 'record_query', count: 20, entities: [entity], src: office }));

export const reconCatalogueCases: DetectorCase[] = [
  {
    name: 'first-ever partner graph reads by a user whose history has none', detector: 'recon.partner-objects', level: 'signal', config: ORG,
    events: [...habit('p1'), ev('2026-11-20T11:00:00Z', { actor: { id: 'p1' }, action: 'record_query', count: 300, entities: ['AccountPartner'], src: office })],
    expect: [{ principal: 'p1' }],
  },
  {
    name: 'an account manager reading accounts as usual', detector: 'recon.partner-objects', level: 'signal', config: ORG,
    events: [...habit('p2', 'Account'), ev('2026-11-20T09:00:00Z', { actor: { id: 'p2' }, action: 'record_query', count: 20, entities: ['Account'], src: office })],
    expect: [],
  },
  {
    name: 'first contact with an organisation new to the tenant', detector: 'recon.new-external-org', level: 'signal', config: ORG,
    events: [slack('U1', '2026-11-20T11:00:00Z', { action: 'external_connect', external: { org: 'Initech', domain: 'initech.io' } })],
    expect: [{ principal: 'U1' }],
  },
  {
    name: 'contacts on our own domain are not external', detector: 'recon.new-external-org', level: 'signal', config: ORG,
    events: [slack('U2', '2026-11-20T11:00:00Z', { action: 'external_invite', external: { user: 'bob@example.com' } })],
    expect: [],
  },
  {
    name: 'six new external organisations in a day against a habit of one', detector: 'recon.third-party-spike', level: 'signal', config: ORG,
    events: [
      ...weekdaysBefore('2026-11-20', 10).map((d) => slack('U3', `${d}T10:00:00Z`, { action: 'file_share', external: { domain: 'acmelogistics.com' } })),
      ...['a1.io', 'b2.io', 'c3.io', 'd4.io', 'e5.io', 'f6.io'].map((d, i) => slack('U3', at('2026-11-20T10:00:00Z', i * 20), { action: 'external_invite', external: { domain: d } })),
    ],
    expect: [{ principal: 'U3' }],
  },
  {
    name: 'the usual partner, every day', detector: 'recon.third-party-spike', level: 'signal', config: ORG,
    events: weekdaysBefore('2026-11-21', 11).map((d) => slack('U4', `${d}T10:00:00Z`, { action: 'file_share', external: { domain: 'acmelogistics.com' } })),
    expect: [],
  },
  {
    name: 'an external guest added and removed within the hour', detector: 'recon.temporary-external', level: 'signal', config: ORG,
    events: [
      ev('2026-11-20T11:00:00Z', { source: 'm365', app: 'teams', actor: { id: 'o@example.com' }, action: 'member_added', external: { user: 'x@initech.io', domain: 'initech.io' } }),
      ev('2026-11-20T11:20:00Z', { source: 'm365', app: 'teams', actor: { id: 'o@example.com' }, action: 'member_removed', external: { user: 'x@initech.io', domain: 'initech.io' } }),
    ],
    expect: [{ principal: 'o@example.com' }],
  },
  {
    name: 'a guest removed days later is not temporary', detector: 'recon.temporary-external', level: 'signal', config: ORG,
    events: [
      ev('2026-11-17T11:00:00Z', { source: 'm365', app: 'teams', actor: { id: 'q@example.com' }, action: 'member_added', external: { user: 'y@initech.io', domain: 'initech.io' } }),
      ev('2026-11-20T11:20:00Z', { source: 'm365', app: 'teams', actor: { id: 'q@example.com' }, action: 'member_removed', external: { user: 'y@initech.io', domain: 'initech.io' } }),
    ],
    expect: [],
  },
];
