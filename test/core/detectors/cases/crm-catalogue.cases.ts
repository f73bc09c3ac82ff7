import { ev, weekdaysBefore } from '../../../support/event-factory.ts';
import { ORG, type DetectorCase } from './case.ts';

const office = { ip: '198.51.100.7' };
const at = (base: string, minutes: number) => new Date(Date.parse(base) + minutes * 60_000).toISOString();
/** Fifteen weekdays of ordinary CRM use, so the principal is past cold start. */
const habit = (actor: string) => weekdaysBefore('2026-11-20', 15).map((d) => ev(`${d}T09:00:00Z`, { actor: { id: actor }, action: 'report_run', count: 200, entities: ['Contact'], src: office }));
const query = (actor: string, when: string, entity: string, count: number, over = {}) =>
  ev(when, { actor: { id: actor }, action: 'record_query', vendorAction: 'Query', count, entities: [entity], src: office, ...over });

export const crmCatalogueCases: DetectorCase[] = [
  {
    name: 'first CRM export ever, at night from an unknown IP', detector: 'crm.report-export', level: 'signal', config: ORG,
    events: [...habit('r1'), ev('2026-11-20T23:10:00Z', { actor: { id: 'r1' }, action: 'export', vendorAction: 'ReportExport', object: { type: 'report', name: 'All Contacts' }, src: { ip: '203.0.113.5' } })],
    expect: [{ principal: 'r1' }],
  },
  {
    name: 'a routine export in office hours from the office by someone who exports daily', detector: 'crm.report-export', level: 'signal', config: ORG,
    events: [
      ...weekdaysBefore('2026-11-20', 10).map((d) => ev(`${d}T10:00:00Z`, { actor: { id: 'r2' }, action: 'export', vendorAction: 'ReportExport', src: office })),
      ev('2026-11-20T10:00:00Z', { actor: { id: 'r2' }, action: 'export', vendorAction: 'ReportExport', src: office }),
    ],
    expect: [],
  },
  {
    name: 'twelve distinct objects queried in an hour by someone who uses one', detector: 'crm.object-breadth', level: 'signal', config: ORG,
    events: [...habit('b1'), ...['Account', 'Contact', 'Lead', 'Opportunity', 'Case', 'Contract', 'Quote', 'Order', 'Campaign', 'Asset', 'User', 'Partner'].map((o, i) => query('b1', at('2026-11-20T14:00:00Z', i * 3), o, 50))],
    expect: [{ principal: 'b1' }],
  },
  {
    name: 'three objects in an hour is ordinary breadth', detector: 'crm.object-breadth', level: 'signal', config: ORG,
    events: [...habit('b2'), ...['Account', 'Contact', 'Lead'].map((o, i) => query('b2', at('2026-11-20T14:00:00Z', i * 5), o, 50))],
    expect: [],
  },
  {
    name: 'six objects sized with COUNT()-style queries in ten minutes', detector: 'crm.count-probing', level: 'signal', config: ORG,
    events: ['Account', 'Contact', 'Lead', 'Opportunity', 'Case', 'Contract'].map((o, i) => query('p1', at('2026-11-20T14:00:00Z', i), o, 1)),
    expect: [{ principal: 'p1' }],
  },
  {
    name: 'six objects with real result sets are not probing', detector: 'crm.count-probing', level: 'signal', config: ORG,
    events: ['Account', 'Contact', 'Lead', 'Opportunity', 'Case', 'Contract'].map((o, i) => query('p2', at('2026-11-20T14:00:00Z', i), o, 40)),
    expect: [],
  },
  {
    name: 'first use of python-requests against the API', detector: 'crm.programmatic-client', level: 'signal', config: ORG,
    events: [...habit('c1'), query('c1', '2026-11-20T15:00:00Z', 'Contact', 20_000, { details: { client: 'python-requests/2.32.4' } })],
    expect: [{ principal: 'c1' }],
  },
  {
    name: 'a browser user is not a programmatic client', detector: 'crm.programmatic-client', level: 'signal', config: ORG,
    events: [...habit('c2'), query('c2', '2026-11-20T15:00:00Z', 'Contact', 20, { src: { ip: '198.51.100.7', ua: 'Mozilla/5.0 (Windows NT 10.0) Chrome/120' } })],
    expect: [],
  },
  {
    name: 'Threat Detection ReportAnomaly with a high score', detector: 'crm.vendor-anomaly', level: 'signal', config: ORG,
    events: [ev('2026-11-20T15:00:00Z', { actor: { id: 'v1' }, action: 'vendor_anomaly', vendorAction: 'ReportAnomalyEventStore', details: { score: 92, kind: 'ReportAnomaly' }, count: 1_091_043 })],
    expect: [{ principal: 'v1' }],
  },
  {
    name: 'a low-score anomaly stays below the signal floor', detector: 'crm.vendor-anomaly', level: 'signal', config: ORG,
    events: [ev('2026-11-20T15:00:00Z', { actor: { id: 'v2' }, action: 'vendor_anomaly', vendorAction: 'ApiAnomalyEventStore', details: { score: 12, kind: 'ApiAnomaly' } })],
    expect: [],
  },
  {
    name: 'a read of a decoy report is an alert, tier 2', detector: 'crm.honeytoken', config: { ...ORG, honeytokens: ['00O5e000DECOY01'] },
    events: [ev('2026-11-20T15:00:00Z', { actor: { id: 'h1' }, action: 'report_run', count: 3, object: { type: 'report', id: '00O5e000DECOY01' }, src: office })],
    expect: [{ principal: 'h1', tier: 2, reasons: ['honeytoken'] }],
  },
  {
    name: 'reads of ordinary reports touch no decoy', detector: 'crm.honeytoken', config: { ...ORG, honeytokens: ['00O5e000DECOY01'] },
    events: [ev('2026-11-20T15:00:00Z', { actor: { id: 'h2' }, action: 'report_run', count: 3, object: { type: 'report', id: '00O5e000REAL001' }, src: office })],
    expect: [],
  },
];
