import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../cli-errors.ts';
import type { Command } from '../command.ts';
import { loadConfig } from '../load-config.ts';
import { parseOptions } from '../parse-options.ts';
import { scoredSimulation, type ScoredSimulation } from '../scored-simulation.ts';
import { DEMO_CONFIG } from './demo.ts';

const DEFAULT_SEEDS = [11, 23, 37];
const DEFAULT_DAYS = [7, 21, 60];

const help = `Usage: hoardwatch eval [--seeds 11,23,37] [--days 7,21,60] [--config f] [--json]

Measures detection quality on the simulator: for every seed and length, simulates the made-up org with labelled
attacks and benign look-alikes, replays the logs through the real pipeline, and scores the alerts honestly:
  recall          labelled attacks with an alert of one of their detectors
  tier 2          attacks labelled tier 2 that got a tier-2 alert
  benign          every alert on the people of the benign cases, at any time (tier-2 ones in brackets)
  stray           alerts outside attacks on people with no labelled case
  /100/wk         alerts outside attacks per 100 people per week
Prints one row per run and the misses by name. Takes a few minutes for the default 9 runs.

Options:
  --seeds <list>   comma-separated seeds (default ${DEFAULT_SEEDS.join(',')})
  --days <list>    comma-separated lengths in days, 3–90 (default ${DEFAULT_DAYS.join(',')})
  --config <f>     Hoardwatch config (default samples/demo-config.json)
  --json           one JSON object per run instead of the table
  -h, --help       this help
`;

export const evalCommand: Command = {
  name: 'eval',
  summary: 'score detection quality on simulated orgs (seeds × lengths): recall, tier 2, alerts outside attacks',
  help,
  async run(argv, io) {
    const { values, positionals } = parseOptions('eval', argv, {
      seeds: { type: 'string' },
      days: { type: 'string' },
      config: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (values.help) {
      io.stdout.write(help);
      return 0;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected arguments: ${positionals.join(' ')}`, 'eval');
    const seeds = intList('seeds', values.seeds, DEFAULT_SEEDS, 0, Number.MAX_SAFE_INTEGER);
    const lengths = intList('days', values.days, DEFAULT_DAYS, 3, 90);
    const config = await loadConfig(values.config ?? DEMO_CONFIG);
    const dir = await mkdtemp(join(tmpdir(), 'hoardwatch-eval-'));
    const runs: ScoredSimulation[] = [];
    try {
      if (!values.json) io.stdout.write(`${HEADER}\n`);
      for (const days of lengths) {
        for (const seed of seeds) {
          if (io.stderr.isTTY) io.stderr.write(`simulating and replaying seed ${seed}, ${days} days…\n`);
          const run = await scoredSimulation(seed, days, config, dir);
          await rm(join(dir, `seed-${seed}-days-${days}`), { recursive: true, force: true });
          runs.push(run);
          io.stdout.write(values.json ? `${JSON.stringify(jsonRow(run))}\n` : `${row(run)}\n`);
        }
      }
      if (!values.json) io.stdout.write(`${summary(runs)}\n`);
      return 0;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};

const HEADER = 'seed  days  people  recall         tier 2   alerts  benign  stray  /100/wk';

function row(r: ScoredSimulation): string {
  const s = r.score;
  const cells = [
    String(r.seed).padEnd(4), String(r.days).padStart(4), String(r.people).padStart(7),
    `${(100 * s.recall).toFixed(1)}% ${`${s.caught.length}/${s.attacks}`.padStart(5)}`.padStart(13),
    `${s.tier2Correct}/${s.tier2Needed}`.padStart(8), String(s.totalAlerts).padStart(7),
    `${s.benignAlerts.length} (${s.benignTier2.length})`.padStart(7), String(s.strayAlerts.length).padStart(6),
    s.outsidePer100PerWeek.toFixed(2).padStart(8),
  ];
  const notes = [
    ...s.missed.map((id) => `missed ${id}`), ...s.tierMisses.map((id) => `tier 1 on ${id}`), ...s.wrongTechnique.map((id) => `wrong technique on ${id}`),
    ...[...s.benignAlerts, ...s.strayAlerts].map((a) => `outside: ${a.detector} on ${a.principal.name ?? a.principal.id} (tier ${a.escalation.tier})`),
  ];
  return `${cells.join('  ')}${notes.length ? `\n      ${notes.join('\n      ')}` : ''}`;
}

function jsonRow(r: ScoredSimulation): Record<string, unknown> {
  const s = r.score;
  return {
    seed: r.seed, days: r.days, people: r.people, attacks: s.attacks, caught: s.caught.length, recall: s.recall,
    tier2Needed: s.tier2Needed, tier2Correct: s.tier2Correct, alerts: s.totalAlerts, attackAlerts: s.attackAlerts,
    benignAlerts: s.benignAlerts.length, benignTier2: s.benignTier2.length, strayAlerts: s.strayAlerts.length,
    outsidePer100PerWeek: s.outsidePer100PerWeek, missed: s.missed, tierMisses: s.tierMisses, wrongTechnique: s.wrongTechnique,
  };
}

function summary(runs: readonly ScoredSimulation[]): string {
  const attacks = runs.reduce((n, r) => n + r.score.attacks, 0);
  const caught = runs.reduce((n, r) => n + r.score.caught.length, 0);
  const t2 = runs.reduce((n, r) => n + r.score.tier2Needed, 0);
  const t2ok = runs.reduce((n, r) => n + r.score.tier2Correct, 0);
  const benignT2 = runs.reduce((n, r) => n + r.score.benignTier2.length, 0);
  const worst = Math.max(...runs.map((r) => r.score.outsidePer100PerWeek));
  return `all runs: recall ${(100 * caught / Math.max(1, attacks)).toFixed(1)}% (${caught}/${attacks}), tier 2 on ${t2ok}/${t2} attacks that need it, ` +
    `${benignT2} tier-2 alerts on benign behaviours, at most ${worst.toFixed(2)} alerts per 100 people per week outside attacks`;
}

function intList(name: string, raw: string | undefined, dflt: number[], min: number, max: number): number[] {
  if (raw === undefined) return dflt;
  const out = raw.split(',').map((x) => x.trim());
  for (const x of out) {
    if (!/^\d+$/.test(x) || Number(x) < min || Number(x) > max) throw new UsageError(`--${name} takes comma-separated integers ${min}–${max}, got "${raw}"`, 'eval');
  }
  return out.map(Number);
}
