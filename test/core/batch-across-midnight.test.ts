import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../lib/core/clock.ts';
import { parseConfig } from '../../lib/core/config.ts';
import { runBatch } from '../../lib/core/engine.ts';
import { emptySnapshot } from '../../lib/core/state.ts';
import { ev } from '../support/event-factory.ts';
import { applyChanges } from '../support/apply-changes.ts';

/**
 * A batch holding two days (a backlog, a collector run across midnight, batches detected together): the first day
 * is judged and folded into the profile's recent buckets before the second is judged, and the second day's windows
 * reach back into the first. They must count the first day once, as two batches split at midnight do.
 */
const config = parseConfig({ org: { timezone: 'UTC' } });
const clock = fixedClock(Date.parse('2026-12-01T00:00:00Z'));
const read = (at: string, rows: number) =>
  ev(at, { actor: { id: 'ana' }, action: 'report_run', vendorAction: 'Report', count: rows, entities: ['Contact'], src: { ip: '203.0.113.9' } });
const evening = [read('2026-11-24T23:00:00Z', 30_000)];
const night = [read('2026-11-25T00:30:00Z', 25_000)];

const titles = (r: ReturnType<typeof runBatch>) => r.alerts.filter((a) => a.detector === 'crm.export-volume').map((a) => `${a.id} ${a.title}`);

describe('a batch across midnight', () => {
  it('raises what two batches split at midnight raise: the 24 h window holds 55,000 rows, not 85,000', () => {
    const whole = runBatch([...evening, ...night], emptySnapshot(), config, clock, 'whole');
    const first = runBatch(evening, emptySnapshot(), config, clock, 'evening');
    const second = runBatch(night, applyChanges(emptySnapshot(), first), config, clock, 'night');
    const split = [...titles(first), ...titles(second)];
    expect(titles(whole)).toEqual(split);
    expect(split.join('\n')).toContain('55,000');
    expect(split.join('\n')).not.toContain('85,000');
  });
});
