import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { BenchError } from '../bench-error.ts';
import { dedupeReport } from '../report/dedupe-report.ts';
import { simulateDedupe } from './simulate.ts';

const USAGE = `npm run bench:dedupe -- [options]
  --events-per-day N   source volume (default 5000000)
  --hours N            hours simulated (default 4; the overlap reaches steady state after one)
  --interval-min N     minutes between collection runs (default 5)
  --overlap-min N      minutes re-read every run (default 60, Slack's default)
  --step N             records per step (default 9999, a full Slack page)
  --results DIR        where the JSON result goes (default bench/results)`;

const Options = z.object({
  eventsPerDay: z.coerce.number().int().positive().default(5_000_000),
  hours: z.coerce.number().int().positive().default(4),
  intervalMin: z.coerce.number().int().positive().default(5),
  overlapMin: z.coerce.number().int().nonnegative().default(60),
  step: z.coerce.number().int().positive().default(9999),
  results: z.string().default(new URL('../results', import.meta.url).pathname),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      'events-per-day': { type: 'string' }, hours: { type: 'string' }, 'interval-min': { type: 'string' }, 'overlap-min': { type: 'string' },
      step: { type: 'string' }, results: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const camel = Object.fromEntries(Object.entries(values).map(([k, v]) => [k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()), v]));
  const parsed = Options.safeParse(camel);
  if (!parsed.success) throw new BenchError(`${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n')}\n${USAGE}`);
  const o = parsed.data;
  const startedAt = new Date();
  process.stderr.write(`simulating ${o.hours} h at ${o.eventsPerDay.toLocaleString('en-US')} events/day\n`);
  const r = await simulateDedupe(
    { eventsPerDay: o.eventsPerDay, hours: o.hours, intervalMinutes: o.intervalMin, overlapMinutes: o.overlapMin, stepSize: o.step },
    (line) => process.stderr.write(`${line}\n`),
  );
  const report = dedupeReport(r, 8, 1024);
  process.stdout.write(`${report.text}\n`);
  if (r.written !== r.events) throw new BenchError(`dedupe wrote ${r.written} of ${r.events} events`);
  await mkdir(o.results, { recursive: true });
  const path = join(o.results, `dedupe-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(path, `${JSON.stringify({ startedAt, machine: { node: process.version, cpu: cpus()[0]?.model }, result: r, perMillion: report.perMillion, cost: report.cost }, null, 1)}\n`);
  process.stderr.write(`result: ${path}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:dedupe failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
