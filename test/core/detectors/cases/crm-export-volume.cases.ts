import { ev, weekdaysBefore } from '../../../support/event-factory.ts';
import { ORG, type DetectorCase } from './case.ts';

const D = 'crm.export-volume';
const office = { ip: '198.51.100.7' };
/** A 09:30 report of `rows` rows on each of the 15 weekdays before `before`. */
const history = (actor: string, rows: number, before = '2026-11-20') =>
  weekdaysBefore(before, 15).map((d) => ev(`${d}T09:30:00Z`, { actor: { id: actor }, action: 'report_run', count: rows, entities: ['Contact'], src: office }));

export const crmExportVolumeCases: DetectorCase[] = [
  {
    name: 'nine 9,999-row exports within an hour from an unknown IP at night',
    detector: D,
    config: ORG,
    events: [
      ...history('rep', 600),
      ...Array.from({ length: 9 }, (_, i) =>
        ev(`2026-11-20T01:${String(5 + i * 6).padStart(2, '0')}:00Z`, { actor: { id: 'rep' }, action: 'export', count: 9999, entities: ['Contact'], src: { ip: '185.220.101.44' } })),
    ],
    expect: [{ principal: 'rep', tier: 2, reasons: ['external-unknown-ip', 'large-export'], severity: 'critical', valueAtLeast: 89_991, baseline: 'own' }],
  },
  {
    name: 'a single 9,999-row export by a user whose history has such exports',
    detector: D,
    config: ORG,
    events: [...history('analyst', 9999), ev('2026-11-20T10:00:00Z', { actor: { id: 'analyst' }, action: 'export', count: 9999, entities: ['Contact'], src: office })],
    expect: [],
  },
  {
    name: 'an ordinary 800-row report in a long history of similar ones',
    detector: D,
    config: ORG,
    events: [...history('seller', 700), ev('2026-11-20T10:00:00Z', { actor: { id: 'seller' }, action: 'report_run', count: 800, entities: ['Account'], src: office })],
    expect: [],
  },
  {
    name: 'no history of her own: a newcomer pulls 12,000 rows in a day where her peers read ~500, judged against them',
    detector: D,
    config: ORG,
    events: [
      ...['p1', 'p2', 'p3'].flatMap((p) => weekdaysBefore('2026-11-20', 3).map((d) => ev(`${d}T09:30:00Z`, { actor: { id: p }, action: 'report_run', count: 500, entities: ['Contact'], src: office }))),
      ev('2026-11-20T09:00:00Z', { actor: { id: 'newbie' }, action: 'record_query', count: 6000, entities: ['Lead'], src: office }),
      ev('2026-11-20T13:00:00Z', { actor: { id: 'newbie' }, action: 'record_query', count: 6000, entities: ['Lead'], src: office }),
    ],
    expect: [{ principal: 'newbie', tier: 1, baseline: 'org', notReasons: ['no-history'] }],
  },
  {
    name: 'no history and nobody to compare with: 12,000 rows from the office in business hours is context, not an alert',
    detector: D,
    config: ORG,
    events: [
      ev('2026-11-20T09:00:00Z', { actor: { id: 'newbie' }, action: 'record_query', count: 6000, entities: ['Lead'], src: office }),
      ev('2026-11-20T13:00:00Z', { actor: { id: 'newbie' }, action: 'record_query', count: 6000, entities: ['Lead'], src: office }),
    ],
    expect: [],
  },
  {
    name: 'z ≥ 3 against own baseline and above the hourly floor, from the office',
    detector: D,
    config: ORG,
    events: [...history('ops', 300), ev('2026-11-20T10:00:00Z', { actor: { id: 'ops' }, action: 'report_run', count: 4000, entities: ['Opportunity'], src: office })],
    expect: [{ principal: 'ops', tier: 1 }],
  },
  {
    name: 'exactly the hourly floor above a quiet history, with nothing the day before: judged, and it fires',
    detector: D,
    config: ORG,
    events: [
      ...history('clerk', 300, '2026-11-19'),
      ev('2026-11-20T15:00:00Z', { actor: { id: 'clerk' }, action: 'report_run', count: 1000, entities: ['Contact'], src: office }),
    ],
    expect: [{ principal: 'clerk', tier: 1 }],
  },
  {
    name: 'rows the evening before count in the next day\'s 24 h windows: 900 rows after midnight reach 10,700 with them',
    detector: D,
    config: ORG,
    events: [
      ...history('ops', 300),
      ev('2026-11-19T18:00:00Z', { actor: { id: 'ops' }, action: 'report_run', count: 9500, entities: ['Opportunity'], src: office }),
      ev('2026-11-20T00:20:00Z', { actor: { id: 'ops' }, action: 'report_run', count: 900, entities: ['Opportunity'], src: office }),
    ],
    expect: [{ principal: 'ops', valueAtLeast: 10_700 }],
  },
  {
    name: 'Dynamics 365 exports count too; failed queries do not',
    detector: D,
    config: ORG,
    events: [
      ev('2026-11-20T10:00:00Z', { source: 'm365', app: 'dynamics365', actor: { id: 'crmuser@example.com' }, action: 'export', count: 60_000, entities: ['account'], src: office }),
      ev('2026-11-20T10:00:00Z', { actor: { id: 'failing' }, action: 'record_query', count: 90_000, outcome: 'failure', src: office }),
    ],
    expect: [{ principal: 'crmuser@example.com', reasons: ['large-export'] }],
  },
];
