import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../lib/core/clock.ts';
import { parseConfig, type ConfigInput } from '../../../lib/core/config.ts';
import { runBatch } from '../../../lib/core/engine.ts';
import { OwnHistory } from '../../../lib/core/baseline/volume-reference.ts';
import type { DayContext } from '../../../lib/core/detectors/types.ts';
import { volumeJudge } from '../../../lib/core/detectors/volume-judge.ts';
import type { NormalizedEvent } from '../../../lib/core/event.ts';
import { emptySnapshot } from '../../../lib/core/state.ts';
import { ev, weekdaysBefore } from '../../support/event-factory.ts';

const clock = fixedClock(Date.parse('2026-11-28T00:00:00Z'));
const ORG: ConfigInput = { org: { timezone: 'Europe/Berlin' }, trustedNetworks: ['198.51.100.0/24'] };
const cfg = (over: ConfigInput = {}) => parseConfig({ ...ORG, ...over });
const office = { ip: '198.51.100.7' };
const cloud = { ip: '34.159.62.201', ua: 'Fivetran/3.0 (Bulk API 2.0)' };
const DAY = 86_400_000;

/** Every day from `from` (inclusive) for `n` days, as YYYY-MM-DD. */
const days = (from: string, n: number): string[] => Array.from({ length: n }, (_, i) => new Date(Date.parse(`${from}T00:00:00Z`) + i * DAY).toISOString().slice(0, 10));
const bulk = (actor: string, when: string, rows: number, entity = 'Contact', src = cloud): NormalizedEvent =>
  ev(when, { actor: { id: actor }, action: 'bulk_export', vendorAction: 'ApiEvent', count: rows, entities: [entity], src, details: { client: src.ua } });
const alertsOf = (events: NormalizedEvent[], config = cfg(), detector = 'crm.export-volume') =>
  runBatch(events, emptySnapshot(), config, clock, 'b').alerts.filter((a) => a.detector === detector);

const ETL = { serviceAccounts: [{ principal: 'etl', reason: 'nightly warehouse sync', expires: '2027-06-30' }] };

describe('service accounts', () => {
  it('a declared service account is never alerted on its usual volume, from its first night (learning) on', () => {
    const nights = days('2026-11-10', 10).map((d, i) => bulk('etl', `${d}T00:30:00Z`, 140_000 + 1_000 * i));
    expect(alertsOf(nights, cfg(ETL))).toEqual([]);
    // The same nights by an account nobody declared: a large export from an unknown network at night.
    expect(alertsOf(nights.map((e) => ({ ...e, actor: { ...e.actor, id: 'etl2', email: 'etl2@example.com' } }))).length).toBeGreaterThan(0);
  });

  it('alerts on a service account far above its own envelope, and says it is one', () => {
    const nights = days('2026-11-10', 10).map((d) => bulk('etl', `${d}T00:30:00Z`, 140_000));
    const spike = bulk('etl', '2026-11-20T00:30:00Z', 900_000);
    const [a] = alertsOf([...nights, spike], cfg(ETL));
    expect(a?.triage.serviceAccount).toBe('configured');
    expect(a?.evidence.facts?.basis).toBe('service-envelope');
  });

  it('recognises an undeclared integration (API only, around the clock) after learning and judges it like one', () => {
    const polls = days('2026-11-10', 10).flatMap((d) => Array.from({ length: 24 }, (_, h) => bulk('poller', `${d}T${String(h).padStart(2, '0')}:05:00Z`, 300, 'Lead')));
    // After the learning days: a poll four times its largest is news, its usual polls never are.
    const big = bulk('poller', '2026-11-20T03:05:00Z', 20_000, 'Lead');
    expect(alertsOf(polls)).toEqual([]);
    const [a] = alertsOf([...polls, big]);
    expect(a?.triage.serviceAccount).toBe('behaves-like-one');
  });
});

describe('habits', () => {
  it('judges recurring work against itself: the same 3,000-row report every weekday morning is not news', () => {
    const daily = weekdaysBefore('2026-11-27', 14).map((d) => ev(`${d}T07:45:00Z`, { actor: { id: 'tim' }, action: 'report_run', count: 3_000, entities: ['Opportunity'], src: office }));
    expect(alertsOf(daily)).toEqual([]);
    expect(alertsOf(daily, cfg(), 'recon.partner-objects')).toEqual([]);
  });

  it('a habit grown far beyond itself is news again', () => {
    const daily = weekdaysBefore('2026-11-27', 14).map((d) => ev(`${d}T07:45:00Z`, { actor: { id: 'tim' }, action: 'report_run', count: 3_000, entities: ['Opportunity'], src: office }));
    const grown = ev('2026-11-27T07:45:00Z', { actor: { id: 'tim' }, action: 'report_run', count: 40_000, entities: ['Opportunity'], src: office });
    const [a] = alertsOf([...daily, grown]);
    expect(a?.evidence.facts?.basis).toBe('habit');
  });
});

describe('baselines from day one', () => {
  const peers = ['p1', 'p2', 'p3', 'p4'].flatMap((p) => weekdaysBefore('2026-11-20', 3).map((d) => ev(`${d}T09:30:00Z`, { actor: { id: p }, action: 'report_run', count: 500, entities: ['Contact'], src: office })));

  it('judges a newcomer against her peer group when the config names one, else against the org', () => {
    const newbie = [ev('2026-11-20T09:00:00Z', { actor: { id: 'nb' }, action: 'record_query', count: 12_000, entities: ['Lead'], src: office })];
    const grouped = cfg({ peerGroups: [{ group: 'sales', principals: ['p1', 'p2', 'p3', 'nb'] }] });
    expect(alertsOf([...peers, ...newbie], grouped)[0]?.baseline).toBe('peers:sales');
    expect(alertsOf([...peers, ...newbie])[0]?.baseline).toBe('org');
  });

  it('shows no history in triage and never escalates on it', () => {
    const newbie = [ev('2026-11-20T09:00:00Z', { actor: { id: 'nb' }, action: 'record_query', count: 12_000, entities: ['Lead'], src: office })];
    const [a] = alertsOf([...peers, ...newbie]);
    expect(a?.triage.history).toBe('none');
    expect(a?.escalation).toMatchObject({ tier: 1, reasons: [] });
  });

  it('a newcomer at the volume of her peers is not news', () => {
    const newbie = [ev('2026-11-20T09:00:00Z', { actor: { id: 'nb' }, action: 'record_query', count: 600, entities: ['Lead'], src: office })];
    expect(alertsOf([...peers, ...newbie], cfg({ detectors: { 'crm.export-volume': { coldStartRowsPerDay: 500 } } }))).toEqual([]);
  });
});

describe('weekdays and weekends', () => {
  it('judges a weekend day against weekend days once there are enough of them', () => {
    const weekday = weekdaysBefore('2026-11-28', 20).map((d) => ev(`${d}T10:00:00Z`, { actor: { id: 'w' }, action: 'report_run', count: 5_000, entities: ['Contact'], src: office }));
    const weekends = ['2026-10-31', '2026-11-01', '2026-11-07', '2026-11-08', '2026-11-14', '2026-11-15', '2026-11-21'].map((d) =>
      ev(`${d}T11:00:00Z`, { actor: { id: 'w' }, action: 'report_run', count: 100, entities: ['Contact'], src: office }));
    // 5,000 rows on a Sunday is ordinary on a weekday but not for this person's weekends.
    const sunday = ev('2026-11-22T15:00:00Z', { actor: { id: 'w' }, action: 'report_run', count: 5_000, entities: ['Contact'], src: office });
    expect(alertsOf([...weekday, ...weekends, sunday], cfg({ detectors: { 'crm.export-volume': { minRowsPerHour: 1_000 } } })).map((a) => a.window.start.slice(0, 10))).toEqual(['2026-11-22']);
  });
});

describe('judging without history', () => {
  const stub = (coldStart: boolean): { ctx: DayContext; built: () => number } => {
    let built = 0;
    const own = new OwnHistory(undefined, 20_700, false, (d) => d);
    const ctx = { history: () => (built++, own), peers: () => null, serviceAccount: false, serviceLike: false, coldStart, day: 20_700 };
    return { ctx: ctx as unknown as DayContext, built: () => built };
  };

  it('builds no history for windows under both floors and the large mark, and judges the first one that reaches one', () => {
    const { ctx, built } = stub(false);
    const judge = volumeJudge(ctx, 'crm.rows', { floor: 1_000, coldFloor: 5_000, z: 3, large: 800 });
    expect(judge(799, 10)).toBeNull();
    expect(built()).toBe(0);
    // At the large mark, below both floors: large against nobody to compare with.
    expect(judge(800, 10)).toMatchObject({ large: true, basis: 'no-history' });
    expect(built()).toBe(1);
    expect(judge(10, 10)).toBeNull();
    expect(built()).toBe(1);
  });

  it('takes the cold-start floor when it is the smaller one', () => {
    const { ctx, built } = stub(true);
    const judge = volumeJudge(ctx, 'crm.rows', { floor: 1_000, coldFloor: 300, z: 3 });
    expect(judge(299, 10)).toBeNull();
    expect(built()).toBe(0);
    expect(judge(600, 10)).toMatchObject({ basis: 'no-history', needsCorroboration: true });
    expect(built()).toBe(1);
  });
});
