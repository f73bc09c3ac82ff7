import { describe, expect, it } from 'vitest';
import type { Alert } from '../../lib/core/alert.ts';
import { scoreAgainstTruth } from '../../lib/cli/commands/demo.ts';
import { alertsFor } from '../../lib/simulate/score.ts';
import type { TruthEntry } from '../../lib/simulate/truth.ts';
import { renderAlertTable } from '../../lib/cli/alert-table.ts';

function alert(detector: string, principal: Alert['principal'], start: string, end: string, tier: 1 | 2 = 2): Alert {
  return {
    id: `${detector}:${principal.id}:${start}`, detector, technique: 'T1213.005', title: `${detector} fired`, severity: 'high', score: 80,
    principal, window: { start, end },
    triage: { offHours: true, sourceIp: { ip: null, known: false, trusted: false }, unusualVolume: { value: 1, baseline: null, z: null }, recentAlerts: 0, accessedBefore: false },
    escalation: { tier, reasons: [] }, evidence: { events: 1, sample: [], objects: [], ips: [] }, playbook: { l1: [], t2: [], containment: [] },
  };
}

const attack: TruthEntry = {
  id: 'slack-burst', technique: 'T1213.005', detectors: ['chat.file-download-volume'], tier: 2,
  principal: { source: 'slack', id: 'W0ALICE', email: 'alice@example.com' },
  start: '2026-11-14T22:00:00.000Z', end: '2026-11-14T22:20:00.000Z', description: 'Slack user downloads 40 files', benign: false,
};
const benign: TruthEntry = {
  ...attack, id: 'analyst', principal: { source: 'm365', id: 'bob@example.com', email: 'bob@example.com' }, benign: true, description: 'analyst daily downloads',
};

describe('scoring the demo against truth.json', () => {
  it('counts an attack caught only by an expected detector on its principal (id or e-mail) near its time', () => {
    const byName = alert('chat.file-download-volume', { source: 'm365', id: 'x', name: 'ALICE@example.com' }, '2026-11-14T22:00:00Z', '2026-11-14T22:30:00Z');
    expect(alertsFor(attack, [byName])).toHaveLength(1);
    expect(alertsFor(attack, [alert('chat.file-download-volume', { source: 'slack', id: 'W0ALICE' }, '2026-11-16T22:00:00Z', '2026-11-16T22:30:00Z')])).toEqual([]);
    expect(alertsFor(attack, [alert('crm.export-volume', { source: 'slack', id: 'W0ALICE' }, '2026-11-14T22:00:00Z', '2026-11-14T22:30:00Z')])).toEqual([]);
    expect(alertsFor(attack, [alert('chat.file-download-volume', { source: 'slack', id: 'W0BOB' }, '2026-11-14T22:00:00Z', '2026-11-14T22:30:00Z')])).toEqual([]);
  });

  it('reports caught and missed attacks, and every alert outside them: on benign cases\' people at any time, and strays', () => {
    const hit = alert('chat.file-download-volume', { source: 'slack', id: 'W0ALICE' }, '2026-11-14T22:00:00Z', '2026-11-14T22:30:00Z');
    // On the benign case's person but days outside the case's window: it still counts against the product.
    const later = alert('chat.file-download-volume', { source: 'm365', id: 'bob@example.com' }, '2026-11-16T10:05:00Z', '2026-11-16T10:20:00Z', 1);
    const stray = alert('crm.export-volume', { source: 'salesforce', id: '005X', name: 'carol@example.com' }, '2026-11-15T10:00:00Z', '2026-11-15T11:00:00Z', 2);
    const text = scoreAgainstTruth([attack, benign], [hit, later, stray], 40, 14);
    expect(text).toMatch(/^Caught 1 of 1 labelled attacks \(recall 100\.0%\); tier 2 on 1 of the 1 that need it\./);
    expect(text).toContain('3 alerts: 1 on the attacks, 1 on the people of the 1 benign cases at any time (0 at tier 2), 1 on anyone else: 2.50 alerts per 100 people per week outside attacks.');
    expect(text).toContain('caught  T1213.005 Slack user downloads 40 files → chat.file-download-volume (tier 2)');
    expect(text).toContain("outside attacks, on a benign case's person: chat.file-download-volume on m365:bob@example.com (tier 1)");
    expect(text).toContain('outside attacks, on someone with no labelled case: crm.export-volume on carol@example.com (tier 2)');
    expect(scoreAgainstTruth([attack], [], 40, 14)).toContain('MISSED  T1213.005 Slack user downloads 40 files (expected chat.file-download-volume)');
  });

  it('renders the table sorted by window start with tier and principal name', () => {
    const late = alert('b.detector', { source: 'slack', id: 'W1', name: 'late@example.com' }, '2026-11-15T01:00:00Z', '2026-11-15T02:00:00Z', 1);
    const early = alert('a.detector', { source: 'slack', id: 'W2' }, '2026-11-14T23:30:00Z', '2026-11-15T00:30:00Z');
    const rows = renderAlertTable([late, early]).trimEnd().split('\n');
    expect(rows[1]).toMatch(/^high\s+2\s+a\.detector\s+slack:W2\s+2026-11-14 23:30Z → 2026-11-15 00:30Z\s+a\.detector fired$/);
    expect(rows[2]).toMatch(/^high\s+1\s+b\.detector\s+late@example\.com\s+2026-11-15 01:00–02:00Z\s+b\.detector fired$/);
  });
});
