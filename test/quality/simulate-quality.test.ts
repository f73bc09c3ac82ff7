import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONFIG } from '../../lib/cli/commands/demo.ts';
import { loadConfig } from '../../lib/cli/load-config.ts';
import { scoredSimulation, type ScoredSimulation } from '../../lib/cli/scored-simulation.ts';
import { DETECTORS } from '../../lib/core/detectors/registry.ts';
import { renderScore } from '../../lib/simulate/score.ts';

/**
 * Detection quality on simulated logs (issue 12 "Done when"): three seeds × 7, 21 and 60 days, replayed through the
 * real pipeline with the shipped demo config, scored the honest way (lib/simulate/score.ts): every alert on a benign
 * case's person counts at any time, and so does every alert on anyone with no labelled case.
 * - recall ≥ 95 % of the labelled attacks in every run;
 * - Tier 2 on every attack that needs it;
 * - no Tier-2 alert on a benign behaviour;
 * - at most 2 alerts per 100 people per week outside the attacks.
 * The figures are printed per run (the same table as `npm run eval`).
 */
const SEEDS = [11, 23, 37];
const LENGTHS = [7, 21, 60];

let dir: string;
const runs: ScoredSimulation[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hw-quality-'));
  const config = await loadConfig(DEMO_CONFIG);
  for (const days of LENGTHS) {
    for (const seed of SEEDS) {
      const run = await scoredSimulation(seed, days, config, dir);
      await rm(join(dir, `seed-${seed}-days-${days}`), { recursive: true, force: true });
      expect(run.outcome.counts.rejected).toEqual({});
      runs.push(run);
      console.log(`seed ${seed}, ${days} days: ${renderScore(run.score)}`);
    }
  }
}, 600_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each(LENGTHS.flatMap((days) => SEEDS.map((seed) => [seed, days] as const)))('simulated org, seed %i, %i days', (seed, days) => {
  const run = (): ScoredSimulation => {
    const r = runs.find((x) => x.seed === seed && x.days === days);
    if (!r) throw new Error(`seed ${seed}, ${days} days did not run`);
    return r;
  };

  it('catches at least 95 % of the labelled attacks, naming the right technique', () => {
    const { score } = run();
    expect(score.attacks).toBeGreaterThanOrEqual(20);
    expect(score.recall, score.missed.join(', ')).toBeGreaterThanOrEqual(0.95);
    expect(score.wrongTechnique).toEqual([]);
  });

  it('escalates every attack that needs it to Tier 2', () => {
    expect(run().score.tierMisses).toEqual([]);
  });

  it('raises no Tier-2 alert on a benign behaviour, at any time', () => {
    expect(run().score.benignTier2.map((a) => `${a.detector} on ${a.principal.name ?? a.principal.id}`)).toEqual([]);
  });

  it('stays within 2 alerts per 100 people per week outside the attacks', () => {
    expect(run().score.outsidePer100PerWeek).toBeLessThanOrEqual(2);
  });
});

describe('the detection catalogue', () => {
  // Which weak signal tips a correlation depends on the person's other signals that week, so a chain's alerting
  // detector can differ between runs; over the runs each detector must have raised an alert answering an attack.
  it('has every registry detector alert on a labelled attack in at least one run', () => {
    const hit = new Set(runs.flatMap((r) => [...r.score.detectorsHit]));
    expect(runs).toHaveLength(SEEDS.length * LENGTHS.length);
    expect(DETECTORS.map((d) => d.id).filter((d) => !hit.has(d))).toEqual([]);
  });
});
