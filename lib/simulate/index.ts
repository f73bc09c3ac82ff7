import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { generate } from './generate.ts';
import type { GenerateStats } from './generate.ts';
import type { TruthEntry, TruthFile } from './truth.ts';

/** Default end of the simulated window, so output is deterministic unless the caller asks otherwise. */
export const DEFAULT_END = new Date('2026-11-16T00:00:00Z');
export const TRUTH_FILE = 'truth.json';
/** What simulate writes directly under `outDir` (and replaces on a re-run). */
export const OUTPUT_ENTRIES = ['salesforce', 'm365', 'slack', 'google-workspace', 'okta', TRUTH_FILE] as const;

export const SimulateOptionsSchema = z.strictObject({
  /** Whole days back from `end`; at least 3 so every scenario has a full local weekday. */
  days: z.number().int().min(3).max(90),
  seed: z.number().int(),
  outDir: z.string().min(1),
  end: z.date().refine((d) => Number.isFinite(d.getTime()), 'invalid date').optional(),
});
export type SimulateOptions = z.input<typeof SimulateOptionsSchema>;

export interface SimulateResult {
  /** People in the org. */
  people: number;
  /** Absolute paths of the vendor files written, sorted (truth.json not included). */
  files: string[];
  truth: TruthEntry[];
  truthFile: string;
  stats: GenerateStats;
}

export class SimulateError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SimulateError';
  }
}

const exists = async (p: string): Promise<boolean> => stat(p).then(() => true, (err: NodeJS.ErrnoException) => {
  if (err.code === 'ENOENT') return false;
  throw new SimulateError(`cannot inspect ${p}`, { cause: err });
});

/**
 * Clear a previous simulation's output. Folders named like ours without a truth.json are someone else's data:
 * refuse rather than delete them.
 */
async function prepareOutDir(outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const present = new Set(await readdir(outDir));
  const ours = OUTPUT_ENTRIES.filter((e) => present.has(e));
  if (ours.length === 0) return;
  if (!present.has(TRUTH_FILE)) {
    throw new SimulateError(`${outDir} already holds ${ours.join(', ')} but no ${TRUTH_FILE}: not a simulate output, refusing to overwrite`);
  }
  for (const e of ours) await rm(join(outDir, e), { recursive: true, force: true });
}

/**
 * Write a made-up org's vendor-native Salesforce, Microsoft 365 and Slack logs with labelled attacks to `outDir`
 * (one folder per source plus truth.json). Same seed, days and end give byte-identical files.
 */
export async function simulate(options: SimulateOptions): Promise<SimulateResult> {
  const parsed = SimulateOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new SimulateError(`invalid simulate options: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  const { days, seed } = parsed.data;
  const end = parsed.data.end ?? DEFAULT_END;
  const outDir = resolve(parsed.data.outDir);
  const out = generate({ days, seed, end });

  if (await exists(outDir) && !(await stat(outDir)).isDirectory()) throw new SimulateError(`${outDir} is not a directory`);
  await prepareOutDir(outDir);
  const dirs = new Set(out.files.map((f) => dirname(join(outDir, f.path))));
  for (const d of [...dirs].sort()) await mkdir(d, { recursive: true });
  const paths: string[] = [];
  const CONCURRENCY = 32;
  for (let i = 0; i < out.files.length; i += CONCURRENCY) {
    await Promise.all(out.files.slice(i, i + CONCURRENCY).map(async (f) => {
      const p = join(outDir, f.path);
      await writeFile(p, f.content);
      paths.push(p);
    }));
  }
  const truthFile = join(outDir, TRUTH_FILE);
  const doc: TruthFile = {
    kind: 'hoardwatch.simulate.truth',
    version: 1,
    seed,
    days,
    start: new Date(out.window.start).toISOString(),
    end: new Date(out.window.end).toISOString(),
    people: out.people,
    entries: out.truth,
  };
  await writeFile(truthFile, `${JSON.stringify(doc, null, 2)}\n`);
  return { files: paths.sort(), people: out.people, truth: out.truth, truthFile, stats: out.stats };
}

export { generate } from './generate.ts';
export type { Generated, GenerateInput, GenerateStats } from './generate.ts';
export { TruthEntrySchema, TruthFileSchema } from './truth.ts';
export type { TruthEntry, TruthFile } from './truth.ts';
export { SCENARIOS } from './scenarios/index.ts';
export type { Scenario, ScenarioContext } from './scenarios/index.ts';
