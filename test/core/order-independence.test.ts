import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../lib/core/clock.ts';
import { parseConfig } from '../../lib/core/config.ts';
import { runBatch } from '../../lib/core/engine.ts';
import type { NormalizedEvent } from '../../lib/core/event.ts';
import { BatchPartlyFoldedError, emptySnapshot, type Profile, type StateSnapshot } from '../../lib/core/state.ts';
import { ev, weekdaysBefore } from '../support/event-factory.ts';
import { applyChanges } from '../support/apply-changes.ts';

/**
 * Issue 12 "order does not matter": the same batches replayed in any order — a stream late by up to a day, streams
 * interleaved differently, a backfill replaying in time order across streams — give the same profiles and raise the
 * same alerts (ids and detectors) as in time order. The tier an alert ends at is not part of the guarantee: facts
 * that decide it (another alert on the person, a window's source IP from another batch) can arrive after it was
 * published; a later fact raises it (an escalation update), an alert is never lowered. Principals have their own history (a
 * first batch), as the guarantee covers judgements against a principal's own settled days; peer references are
 * coarse figures a late batch can move. Weak signals that add up to a correlated alert are left out of the
 * generator: a chain completed by a late batch is still recognised (see correlation.test.ts), but which signal it
 * names and the tier it is published at depend on what arrived first (README "Order and lateness").
 */
const config = parseConfig({ org: { timezone: 'Europe/Berlin' }, trustedNetworks: ['198.51.100.0/24'] });
const clock = fixedClock(Date.parse('2026-12-01T00:00:00Z'));
const PEOPLE = ['ana', 'ben', 'cem'] as const;
const office = { ip: '198.51.100.7' };
const DAYS = ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26'];

/** Fifteen weekdays of ordinary reading, Slack downloads and API queries per person: everyone has a settled history. */
const history: NormalizedEvent[] = PEOPLE.flatMap((p) => weekdaysBefore('2026-11-21', 15).flatMap((d) => [
  ev(`${d}T08:30:00Z`, { actor: { id: p }, action: 'report_run', vendorAction: 'Report', count: 400, entities: ['Contact'], src: office }),
  ev(`${d}T09:10:00Z`, { actor: { id: p }, action: 'record_query', vendorAction: 'ApiEvent', count: 50, entities: ['Account'], src: office }),
  ev(`${d}T10:00:00Z`, { source: 'slack', app: 'slack', actor: { id: `S-${p}`, email: `${p}@example.com` }, action: 'file_download', object: { type: 'file', id: `F-${p}-${d}` }, src: office }),
]));

type Kind = 'report' | 'bigExport' | 'query' | 'probe' | 'files' | 'anomaly' | 'failedLogins';
const activity = fc.record({
  person: fc.constantFrom(...PEOPLE),
  day: fc.integer({ min: 0, max: DAYS.length - 1 }),
  minute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
  kind: fc.constantFrom<Kind>('report', 'bigExport', 'query', 'files'),
  size: fc.integer({ min: 1, max: 8 }),
  stream: fc.constantFrom('elf', 'rtem'),
});
type Activity = { person: string; day: number; minute: number; kind: Kind; size: number; stream: 'elf' | 'rtem' };

let seq = 0;
function eventsOf(a: Activity): NormalizedEvent[] {
  const t = Date.parse(`${DAYS[a.day]}T00:00:00Z`) + a.minute * 60_000;
  const at = (plus = 0) => new Date(t + plus * 60_000).toISOString();
  const api = a.stream === 'rtem' ? 'ApiEvent' : 'API';
  const night = { ip: `203.0.113.${10 + a.size}` };
  switch (a.kind) {
    case 'report': return [ev(at(), { id: `e${seq++}`, actor: { id: a.person }, action: 'report_run', vendorAction: a.stream === 'rtem' ? 'ReportEvent' : 'Report', count: 300 * a.size, entities: ['Contact'], src: office })];
    case 'bigExport': return Array.from({ length: a.size }, (_, i) => ev(at(i * 5), { id: `e${seq++}`, actor: { id: a.person }, action: 'export', vendorAction: api, count: 9_999, entities: ['Contact'], src: night }));
    case 'query': return [ev(at(), { id: `e${seq++}`, actor: { id: a.person }, action: 'record_query', vendorAction: api, count: 40 * a.size, entities: ['Account'], src: office })];
    case 'probe': return ['Lead', 'Case', 'Contract', 'Quote', 'Order', 'Asset', 'Task', 'Event'].slice(0, a.size).map((o, i) =>
      ev(at(i), { id: `e${seq++}`, actor: { id: a.person }, action: 'record_query', vendorAction: api, count: 1, entities: [o], src: office }));
    case 'files': return Array.from({ length: 4 * a.size }, (_, i) =>
      ev(at(i / 2), { id: `e${seq++}`, source: 'slack', app: 'slack', actor: { id: `S-${a.person}`, email: `${a.person}@example.com` }, action: 'file_download', object: { type: 'file', id: `G-${seq}` }, src: night }));
    case 'anomaly': return [ev(at(), { id: `e${seq++}`, actor: { id: a.person }, action: 'vendor_anomaly', vendorAction: 'ApiAnomalyEventStore', details: { score: 40 + 7 * a.size, kind: 'ApiAnomaly' } })];
    case 'failedLogins': return Array.from({ length: a.size }, (_, i) => ev(at(i), { id: `e${seq++}`, actor: { id: a.person }, action: 'login_failed', vendorAction: 'Login', outcome: 'failure', src: night }));
  }
}

interface Batch {
  id: string;
  day: number;
  stream: string;
  events: NormalizedEvent[];
}

/** One batch per (day, stream), as collectors write them. */
function batchesOf(activities: Activity[]): Batch[] {
  const byKey = new Map<string, Batch>();
  for (const a of activities) {
    const stream = a.kind === 'files' ? 'slack' : a.stream;
    const key = `${a.day}|${stream}`;
    const b = byKey.get(key) ?? { id: `raw/${stream}/${DAYS[a.day]}`, day: a.day, stream, events: [] };
    b.events.push(...eventsOf(a));
    byKey.set(key, b);
  }
  return [...byKey.values()];
}

interface Outcome {
  profiles: Record<string, unknown>;
  /** Alert id → its detector. */
  alerts: Record<string, string>;
}

/** Each group of batches detected as one run (each batch's id marked), as the detect Lambda takes a source's queue. */
function replay(batches: Batch[], groupSizes: readonly number[] = []): Outcome {
  let state: StateSnapshot = emptySnapshot();
  const alerts: Outcome['alerts'] = {};
  const runs: { ids: string[]; events: NormalizedEvent[] }[] = [{ ids: ['history'], events: history }];
  for (let i = 0, g = 0; i < batches.length; g++) {
    const group = batches.slice(i, i + Math.max(1, groupSizes[g] ?? 1));
    runs.push({ ids: group.map((b) => b.id), events: group.flatMap((b) => b.events) });
    i += group.length;
  }
  for (const b of runs) {
    const r = runBatch(b.events, state, config, clock, b.ids);
    state = applyChanges(state, r);
    for (const a of r.alerts) if (!Array.isArray(a.evidence.facts?.correlated)) alerts[a.id] ??= a.detector;
  }
  return { profiles: Object.fromEntries([...state.profiles].map(([k, p]) => [k, normalized(p)])), alerts };
}

/** A profile as its content: marker order, key order and the order values were first met do not matter. */
function normalized(p: Profile): unknown {
  const seen = Object.fromEntries(Object.entries(p.seen).map(([set, l]) => [set, l.v.map((v, i) => [v, l.f[i], l.t[i]]).sort()]));
  return sortKeys({ ...p, batches: [...p.batches].sort(), seen });
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, sortKeys(x)]));
}

/** Time order: by day, then stream. Late: each batch may come up to a day late, streams interleaving at random. */
const timeOrder = (bs: Batch[]): Batch[] => [...bs].sort((a, b) => a.day - b.day || (a.stream < b.stream ? -1 : 1));

describe('order of batches', () => {
  it('gives the same profiles and alerts whether batches come in time order, a stream a day late, or interleaved', () => {
    fc.assert(fc.property(
      fc.array(activity, { minLength: 3, maxLength: 18 }),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 12, maxLength: 12 }),
      (acts, shuffle) => {
        const batches = timeOrder(batchesOf(acts));
        const late = batches
          .map((b, i) => ({ b, key: b.day + shuffle[i % shuffle.length]![0] + shuffle[i % shuffle.length]![1] * 0.9 }))
          .sort((x, y) => x.key - y.key)
          .map((x) => x.b);
        const inOrder = replay(batches);
        for (const other of [replay(late), replay([...batches].reverse().sort((a, b) => a.day - b.day))]) {
          expect(other.profiles).toEqual(inOrder.profiles);
          expect(other.alerts).toEqual(inOrder.alerts);
        }
      },
    ), { numRuns: 100 });
  });

  it('gives the same profiles and alerts when consecutive batches are detected together, each batch marked', () => {
    fc.assert(fc.property(
      fc.array(activity, { minLength: 3, maxLength: 18 }),
      fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 18, maxLength: 18 }),
      (acts, groupSizes) => {
        const batches = timeOrder(batchesOf(acts));
        const apart = replay(batches);
        const together = replay(batches, groupSizes);
        expect(together.alerts).toEqual(apart.alerts);
        // Saved once per run rather than per batch; a run marks each of its batches on every profile it touches.
        const content = (o: Outcome) => Object.fromEntries(Object.entries(o.profiles).map(([k, p]) => {
          const { version: _v, batches: _b, ...rest } = p as { version: number; batches: string[] };
          return [k, rest];
        }));
        expect(content(together)).toEqual(content(apart));
        for (const [k, p] of Object.entries(apart.profiles)) {
          for (const m of (p as { batches: string[] }).batches) expect((together.profiles[k] as { batches: string[] }).batches).toContain(m);
        }
      },
    ), { numRuns: 100 });
  });

  it('takes 1 to 16 batch ids in one run, and skips a profile holding all of them', () => {
    const events = history.slice(0, 3);
    expect(() => runBatch(events, emptySnapshot(), config, clock, Array.from({ length: 17 }, (_, i) => `b${i}`))).toThrow(RangeError);
    expect(() => runBatch(events, emptySnapshot(), config, clock, [])).toThrow(RangeError);
    const first = applyChanges(emptySnapshot(), runBatch(events, emptySnapshot(), config, clock, ['a', 'b']));
    expect(runBatch(events, first, config, clock, ['b', 'a']).changes.profiles).toEqual([]);
    expect(() => runBatch(events, first, config, clock, ['a', 'c'])).toThrow(BatchPartlyFoldedError);
  });
});
