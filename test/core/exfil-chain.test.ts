import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AlertSchema } from '../../lib/core/alert.ts';
import { fixedClock } from '../../lib/core/clock.ts';
import { parseConfig } from '../../lib/core/config.ts';
import { runBatch } from '../../lib/core/engine.ts';
import { chainStepOf, ChainSteps, findChains } from '../../lib/core/exfil-chain.ts';
import { IDENTITY_BUDGET, jsonBytes } from '../../lib/core/item-budget.ts';
import { emptySnapshot, type ChainStep } from '../../lib/core/state.ts';
import { HOUR } from '../../lib/core/time.ts';
import { ev } from '../support/event-factory.ts';

const config = parseConfig({ org: { internalDomains: ['example.com'] }, partners: [{ name: 'Acme', domains: ['acmelogistics.com'] }] });
const T0 = Date.parse('2026-11-20T08:00:00Z');

describe('chain steps of events', () => {
  it('takes CRM exports whatever their size, and CRM reads only from minReadRows', () => {
    expect(chainStepOf(ev('2026-11-20T08:00:00Z', { action: 'export', vendorAction: 'ReportExport' }), config)?.role).toBe('collection');
    expect(chainStepOf(ev('2026-11-20T08:00:00Z', { action: 'record_query', count: 9_999 }), config)).toBeUndefined();
    expect(chainStepOf(ev('2026-11-20T08:00:00Z', { action: 'record_query', count: 10_000 }), config)?.role).toBe('collection');
    expect(chainStepOf(ev('2026-11-20T08:00:00Z', { action: 'export', outcome: 'failure' }), config)).toBeUndefined();
    // An export in Slack is not CRM collection.
    expect(chainStepOf(ev('2026-11-20T08:00:00Z', { source: 'slack', app: 'slack', action: 'export' }), config)).toBeUndefined();
  });

  it('takes data leaving only when it reaches outside the org\'s and its partners\' domains (subdomains are inside)', () => {
    const share = (domain: string) => ev('2026-11-20T08:00:00Z', { source: 'm365', app: 'sharepoint', action: 'file_share', external: { domain } });
    expect(chainStepOf(share('gmail.com'), config)?.destination).toBe('gmail.com');
    expect(chainStepOf(share('example.com'), config)).toBeUndefined();
    expect(chainStepOf(share('eu.example.com'), config)).toBeUndefined();
    // A configured partner is business as usual, its lookalike is not.
    expect(chainStepOf(share('acmelogistics.com'), config)).toBeUndefined();
    expect(chainStepOf(share('acmelogistlcs.com'), config)?.destination).toBe('acmelogistlcs.com');
    expect(chainStepOf(ev('2026-11-20T08:00:00Z', { source: 'slack', app: 'slack', action: 'file_upload' }), config)).toBeUndefined();
    expect(chainStepOf(ev('2026-11-20T08:00:00Z', { source: 'slack', app: 'slack', action: 'public_link' }), config)?.destination).toBe('public link');
    // A mailbox event naming nobody outside is no mail out.
    expect(chainStepOf(ev('2026-11-20T08:00:00Z', { source: 'm365', app: 'exchange', action: 'config_change' }), config)).toBeUndefined();
  });

  it('clips vendor text so a hostile object name cannot bloat the identity item', () => {
    const s = chainStepOf(ev('2026-11-20T08:00:00Z', { action: 'export', object: { name: 'x'.repeat(100_000) } }), config)!;
    expect(s.object!.length).toBeLessThanOrEqual(120);
  });
});

const step = (role: ChainStep['role'], minutes: number, i: number): ChainStep =>
  ({ role, time: T0 + minutes * 60_000, source: 's', app: 'a', action: 'x', principal: role === 'collection' ? 'salesforce:u' : 'slack:u', event: `${role}-${i}` });

describe('ChainSteps and findChains', () => {
  it('keeps the first and the last step per principal, role and hour, in any order and any number of times', () => {
    const steps = Array.from({ length: 10_000 }, (_, i) => step('leaving', (i * 7) % 60, i));
    const kept = new ChainSteps(steps).list();
    expect(kept.map((s) => s.time - T0)).toEqual([0, 59 * 60_000]);
    expect(new ChainSteps([...steps].reverse().concat(steps)).list()).toEqual(kept);
  });

  it('finds the same chain days from the kept steps as from every step (exact for windows of at least an hour)', () => {
    const arb = fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 3 * 24 * 60 })), { minLength: 1, maxLength: 60 });
    fc.assert(fc.property(arb, fc.integer({ min: 1, max: 24 }), (raw, hours) => {
      const all = raw.map(([c, m], i) => step(c ? 'collection' : 'leaving', m, i));
      const days = (xs: ChainStep[]) => findChains(xs, hours * HOUR).map((c) => c.day);
      expect(days(new ChainSteps(all).list())).toEqual(days(all));
    }), { numRuns: 300 });
  });

  it('puts a leaving step on the day of the latest CRM step before it, and only within the window', () => {
    const steps = [step('collection', -120, 1), step('collection', 30, 2), step('leaving', 60, 3), step('leaving', 60 * 9, 4)];
    const chains = findChains(steps, 6 * HOUR);
    expect(chains).toHaveLength(1);
    expect(chains[0]!.steps.map((s) => s.event)).toEqual(['collection-1', 'collection-2', 'leaving-3']);
  });
});

describe('chain state under hostile volume', () => {
  it('keeps the identity item under its budget and the alert small with a flood of exports and links with huge names', () => {
    const big = 'n'.repeat(5_000);
    const events = Array.from({ length: 3 * 24 * 6 }, (_, i) => [
      ev(new Date(T0 + i * 10 * 60_000).toISOString(), { actor: { id: 'eve' }, action: 'export', object: { name: `${big}-${i}` } }),
      ev(new Date(T0 + i * 10 * 60_000 + 60_000).toISOString(), { source: 'slack', app: 'slack', actor: { id: 'U-eve', email: 'eve@example.com' }, action: 'public_link', object: { type: 'file', id: `F${i}`, name: `${big}-${i}` } }),
    ]).flat();
    const r = runBatch(events, emptySnapshot(), config, fixedClock(T0), 'flood');
    const identity = r.changes.identities.find((i) => i.key === 'eve@example.com')!;
    // The steps alone exceed the budget: it was enforced (oldest shed first), not merely never reached.
    expect(r.stats.shed.find((x) => x.key === 'eve@example.com')?.bytesBefore).toBeGreaterThan(IDENTITY_BUDGET);
    expect(jsonBytes(identity)).toBeLessThanOrEqual(IDENTITY_BUDGET);
    const chained = r.alerts.filter((a) => a.evidence.chain);
    expect(chained.length).toBeGreaterThanOrEqual(3); // one per day of CRM steps
    for (const a of chained) {
      AlertSchema.parse(a);
      expect(a.evidence.chain!.steps.length).toBeLessThanOrEqual(12);
      expect(a.evidence.chain!.total).toBeGreaterThan(12);
      expect(jsonBytes(a)).toBeLessThan(64_000); // far under SNS's 256 KB
    }
  });
});
