import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../lib/core/clock.ts';
import { parseConfig } from '../../lib/core/config.ts';
import { runBatch } from '../../lib/core/engine.ts';
import { tenantSeenKey } from '../../lib/core/profile.ts';
import { emptySnapshot, type Profile, type StateSnapshot } from '../../lib/core/state.ts';
import { ev, weekdaysBefore } from '../support/event-factory.ts';
import { applyChanges } from '../support/apply-changes.ts';

/**
 * A profile saved in layout 2 (11-character first-seen digests) and read by this version: what it had seen must
 * still be seen, or the first batch after an upgrade would report every long value — API clients, user agents,
 * partner domains — as new for every person.
 */
const config = parseConfig({ org: { timezone: 'UTC' }, trustedNetworks: ['198.51.100.0/24'] });
const clock = fixedClock(Date.parse('2026-12-01T00:00:00Z'));
const office = { ip: '198.51.100.7' };
const CLIENT = 'python-simple-salesforce/1.12.5';
/** What the profile keeps of it (the client's name without its version): over 16 characters, so a digest. */
const FAMILY = 'python-simple-salesforce';
const query = (when: string, client: string) =>
  ev(when, { actor: { id: 'c1' }, action: 'record_query', vendorAction: 'Query', count: 20_000, entities: ['Contact'], src: office, details: { client } });

/** Fifteen weekdays of the same API client: it is this person's habit. */
function history(): StateSnapshot {
  const days = weekdaysBefore('2026-11-20', 15).map((d) => [ev(`${d}T09:00:00Z`, { actor: { id: 'c1' }, action: 'report_run', count: 200, entities: ['Contact'], src: office }), query(`${d}T10:00:00Z`, CLIENT)]);
  return applyChanges(emptySnapshot(), runBatch(days.flat(), emptySnapshot(), config, clock, 'history'));
}

/** The same state as layout 2 stored it: every digest in its first-seen sets 11 characters long. */
function asLayout2(s: StateSnapshot, longValues: readonly string[]): StateSnapshot {
  const byShort = new Map(longValues.map((v) => [`#${tenantSeenKey(v).slice(-6)}`, tenantSeenKey(v)]));
  const profiles = new Map<string, Profile>();
  for (const [k, p] of s.profiles) {
    const old = structuredClone(p);
    old.format = 2;
    for (const list of Object.values(old.seen)) list.v = list.v.map((v) => byShort.get(v) ?? v);
    profiles.set(k, old);
  }
  return { ...s, profiles };
}

/** Today's batch against a copy of the stored state (the core updates the profiles it is given). */
const programmatic = (snapshot: StateSnapshot, client: string) =>
  runBatch([query('2026-11-20T15:00:00Z', client)], structuredClone(snapshot), config, clock, `today ${client}`).signals.filter((s) => s.detector === 'crm.programmatic-client');

describe('a layout-2 profile read by layout 3', () => {
  it('still knows the API client it has seen, and still reports one it has not', () => {
    const layout2 = asLayout2(history(), [FAMILY]);
    const stored = [...layout2.profiles.values()].find((p) => p.seen['client']);
    expect(stored?.seen['client']?.v).toEqual([tenantSeenKey(FAMILY)]); // the 11-character digest, as layout 2 kept it
    expect(programmatic(layout2, CLIENT)).toEqual([]);
    expect(programmatic(layout2, 'python-salesforce-bulk-loader/2.0')).toHaveLength(1);
  });
});
