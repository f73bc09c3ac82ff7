import { join } from 'node:path';
import { FileState } from '../adapters/state/file-state.ts';
import type { Alert } from '../core/alert.ts';
import type { Config } from '../core/config.ts';
import { discoverInputs } from '../replay/discover-inputs.ts';
import { runReplay, type ReplayOutcome } from '../replay/run-replay.ts';
import { DEFAULT_END, simulate } from '../simulate/index.ts';
import { scoreRun, type RunScore } from '../simulate/score.ts';
import type { TruthEntry } from '../simulate/truth.ts';

export interface ScoredSimulation {
  seed: number;
  days: number;
  people: number;
  truth: TruthEntry[];
  alerts: Alert[];
  outcome: ReplayOutcome;
  score: RunScore;
}

/**
 * Simulates `days` of the made-up org with `seed` under `dir`, replays the logs through the real pipeline (file
 * state in memory) and scores the alerts against the simulation's truth. What the demo, `eval` and the quality test run.
 */
export async function scoredSimulation(seed: number, days: number, config: Config, dir: string): Promise<ScoredSimulation> {
  const sim = await simulate({ days, seed, outDir: join(dir, `seed-${seed}-days-${days}`) });
  const outcome = await runReplay(await discoverInputs(sim.files), {
    state: FileState.inMemory(), config, clock: { now: () => DEFAULT_END.getTime() },
  });
  return { seed, days, people: sim.people, truth: sim.truth, alerts: outcome.alerts, outcome, score: scoreRun(sim.truth, outcome.alerts, sim.people, days) };
}
