import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../lib/core/clock.ts';
import { parseConfig, type ConfigInput } from '../../lib/core/config.ts';
import { runBatch } from '../../lib/core/engine.ts';
import { emptySnapshot } from '../../lib/core/state.ts';
import { ev, weekdaysBefore } from '../support/event-factory.ts';
import { applyChanges } from '../support/apply-changes.ts';

const clock = fixedClock(Date.parse('2026-11-28T00:00:00Z'));
const cfg = (over: ConfigInput = {}) => parseConfig({ trustedNetworks: ['198.51.100.0/24'], ...over });
const office = { ip: '198.51.100.7' };
const at = (base: string, minutes: number) => new Date(Date.parse(base) + minutes * 60_000).toISOString();

/** Fifteen weekdays of a marketing user's Lead and Campaign queries: history, none of it over the partner graph. */
const marketingHistory = weekdaysBefore('2026-11-20', 15).flatMap((d) => [0, 1, 2].map((i) =>
  ev(`${d}T10:${10 + i * 7}:00Z`, { actor: { id: 'mkt' }, action: 'record_query', count: 80, entities: [i % 2 ? 'Lead' : 'Campaign'], src: office })));

describe('correlation', () => {
  it('names T1591.002 for partner-graph reconnaissance even when a volume alert fires too (issue 12)', () => {
    const graph = ['Account', 'Partner', 'Opportunity', 'Contract'];
    const recon = Array.from({ length: 40 }, (_, i) =>
      ev(at('2026-11-20T14:20:00Z', i), { actor: { id: 'mkt' }, action: 'record_query', count: 2_000, entities: [graph[i % 4]!], src: office }));
    const report = ev('2026-11-20T15:05:00Z', { actor: { id: 'mkt' }, action: 'report_run', count: 600, entities: ['Account'], object: { type: 'report', id: '00O000000000PART', name: 'Partner Accounts' }, src: office });
    const r = runBatch([...marketingHistory, ...recon, report], emptySnapshot(), cfg(), clock, 'b');
    const recAlert = r.alerts.find((a) => a.technique === 'T1591.002');
    const volAlert = r.alerts.find((a) => a.detector === 'crm.export-volume');
    expect(recAlert?.detector).toBe('recon.partner-objects');
    expect(recAlert?.techniques).toContain('T1591.002');
    expect(recAlert?.playbook.l1.join(' ')).toMatch(/partner|relationship/i);
    expect(volAlert?.technique).toBe('T1213.004');
    // One builds on the other.
    expect(recAlert!.related!.includes(volAlert!.id) || volAlert!.related!.includes(recAlert!.id)).toBe(true);
  });

  it('counts only another detector\'s Tier-2 alert as an open investigation, never an alert\'s own repeats', () => {
    const history = weekdaysBefore('2026-11-20', 15).map((d) => ev(`${d}T09:00:00Z`, { action: 'report_run', count: 500, entities: ['Contact'], src: office }));
    const night = (day: string, rows: number) => ev(`${day}T01:00:00Z`, { action: 'export', count: rows, entities: ['Contact'], src: { ip: '203.0.113.9' } });
    const r1 = runBatch([...history, night('2026-11-20', 80_000)], emptySnapshot(), cfg(), clock, 'b1');
    expect(r1.alerts[0]!.escalation.tier).toBe(2);
    // The same detector two days later: its own repeat is no open investigation.
    const r2 = runBatch([night('2026-11-22', 80_000)], applyChanges(emptySnapshot(), r1), cfg(), clock, 'b2');
    const repeat = r2.alerts.find((a) => a.detector === 'crm.export-volume')!;
    expect(repeat.escalation.reasons).not.toContain('open-investigation');
    // Another detector the same week: the open Tier-2 alert counts.
    const files = Array.from({ length: 30 }, (_, i) =>
      ev(at('2026-11-22T20:00:00Z', i / 3), { source: 'slack', app: 'slack', action: 'file_download', actor: { id: 'U1', email: 'u1@example.com' }, object: { type: 'file', id: `F${i}` } }));
    const r3 = runBatch(files, applyChanges(emptySnapshot(), r1), cfg(), clock, 'b3');
    expect(r3.alerts.find((a) => a.principal.source === 'slack')?.escalation.reasons).toContain('open-investigation');
  });

  it('merges identity state idempotently: a retry after a lost profile write adds no signal or alert twice (review P1-7)', () => {
    const history = weekdaysBefore('2026-11-20', 15).map((d) => ev(`${d}T09:00:00Z`, { action: 'report_run', count: 500, entities: ['Contact'], src: office }));
    const events = [...history, ev('2026-11-20T01:00:00Z', { action: 'export', count: 80_000, entities: ['Contact'], src: { ip: '203.0.113.9' } })];
    const first = runBatch(events, emptySnapshot(), cfg(), clock, 'b1');
    // The identity item landed, the profile write was lost: the retry sees the identity but not the batch marker.
    const retry = runBatch(events, { ...emptySnapshot(), identities: new Map(first.changes.identities.map((i) => [i.key, i])) }, cfg(), clock, 'b1');
    expect(retry.alerts).toEqual([]);
    const a = first.changes.identities[0]!;
    const b = retry.changes.identities[0]!;
    expect(b.signals).toEqual(a.signals);
    expect(b.alerts.map((x) => x.id)).toEqual(a.alerts.map((x) => x.id));
  });

  it('puts every technique of the signals behind a correlated alert in `techniques`', () => {
    const history = weekdaysBefore('2026-11-20', 15).map((d) => ev(`${d}T09:00:00Z`, { action: 'report_run', count: 300, entities: ['Contact'], src: office }));
    // Sizing six objects with one-row queries, then first reads of the partner graph, in office hours from the office.
    const probes = ['Lead', 'Contact', 'Case', 'Campaign', 'Task', 'Event'].map((o, i) =>
      ev(at('2026-11-20T10:00:00Z', i), { action: 'record_query', count: 1, entities: [o], src: office }));
    const partner = ['Account', 'Opportunity', 'Contract'].map((o, i) =>
      ev(at('2026-11-20T10:20:00Z', i), { action: 'record_query', count: 30, entities: [o], src: office }));
    const breadth = ['Quote', 'Order', 'Asset', 'Product2', 'User'].map((o, i) =>
      ev(at('2026-11-20T10:30:00Z', i), { action: 'record_query', count: 20, entities: [o], src: office }));
    const r = runBatch([...history, ...probes, ...partner, ...breadth], emptySnapshot(), cfg(), clock, 'b');
    const correlated = r.alerts.find((a) => Array.isArray(a.evidence.facts?.correlated));
    expect(correlated, JSON.stringify(r.signals)).toBeDefined();
    expect(correlated!.techniques).toEqual(['T1213.004', 'T1591.002']);
  });
});
