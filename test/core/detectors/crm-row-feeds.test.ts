import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../lib/core/clock.ts';
import { parseConfig } from '../../../lib/core/config.ts';
import { runBatch } from '../../../lib/core/engine.ts';
import type { NormalizedEvent } from '../../../lib/core/event.ts';
import { emptySnapshot } from '../../../lib/core/state.ts';
import { ev, weekdaysBefore } from '../../support/event-factory.ts';
import { applyChanges } from '../../support/apply-changes.ts';

const clock = fixedClock(Date.parse('2026-11-28T00:00:00Z'));
const config = parseConfig({ trustedNetworks: ['198.51.100.0/24'] });
const office = { ip: '198.51.100.7' };
const history = weekdaysBefore('2026-11-20', 15).map((d) => ev(`${d}T09:00:00Z`, { action: 'report_run', vendorAction: 'Report', count: 2_000, entities: ['Contact'], src: office }));

/** The same query as EventLogFile `API` row and Real-Time Event Monitoring `ApiEvent`. */
const query = (vendorAction: 'API' | 'ApiEvent', id: string): NormalizedEvent =>
  ev('2026-11-20T10:12:00Z', { id, action: 'record_query', vendorAction, count: 48_213, entities: ['Contact'], src: office });

describe('one logical read counts once', () => {
  it('a query reported by both ELF and RTEM in one batch counts 48,213 rows, not 96,426 (review P1-3)', () => {
    const r = runBatch([...history, query('ApiEvent', 'rtem-1'), query('API', 'elf-1:1')], emptySnapshot(), config, clock, 'b');
    const a = r.alerts.find((x) => x.detector === 'crm.export-volume');
    expect(a?.triage.unusualVolume.value).toBe(48_213);
    expect(a?.escalation.reasons ?? []).not.toContain('large-export');
  });

  it('and when the ELF file arrives hours later in its own batch', () => {
    const rtem = runBatch([...history, query('ApiEvent', 'rtem-1')], emptySnapshot(), config, clock, 'rtem');
    const elf = runBatch([query('API', 'elf-1:1')], applyChanges(emptySnapshot(), rtem), config, clock, 'elf');
    const m = elf.changes.profiles[0]!.metrics['crm.rows']!;
    expect(m.v.at(-1)).toBe(48_213);
    expect(elf.alerts.filter((x) => x.detector === 'crm.export-volume' && x.update !== undefined)).toEqual([]);
  });

  it('different families add up: a report run and an API query in the same minutes are two reads', () => {
    const run = ev('2026-11-20T10:12:00Z', { action: 'report_run', vendorAction: 'ReportEvent', count: 30_000, entities: ['Account'], object: { type: 'report', id: '00O1' }, src: office });
    const r = runBatch([...history, run, query('ApiEvent', 'rtem-1')], emptySnapshot(), config, clock, 'b');
    expect(r.alerts.find((x) => x.detector === 'crm.export-volume')?.triage.unusualVolume.value).toBe(78_213);
  });

  it('a report run and its export a minute later are one read of the same rows', () => {
    const run = ev('2026-11-20T10:12:00Z', { action: 'report_run', vendorAction: 'ReportEvent', count: 30_000, entities: ['Account'], object: { type: 'report', id: '00O1' }, src: office });
    const exp = ev('2026-11-20T10:13:00Z', { action: 'export', vendorAction: 'ReportEvent', count: 30_000, entities: ['Account'], object: { type: 'report', id: '00O1' }, src: office });
    const r = runBatch([...history, run, exp], emptySnapshot(), config, clock, 'b');
    expect(r.changes.profiles[0]!.metrics['crm.rows']!.v.at(-1)).toBe(30_000);
  });
});
