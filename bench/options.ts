import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { BenchError } from './bench-error.ts';
import { DEFAULT_SHAPE } from './corpus/corpus-records.ts';
import { StateModeSchema } from './measure/hoardwatch-result.ts';

const count = z.coerce.number().int().positive();

const OptionsSchema = z.object({
  events: count.default(1_000_000),
  people: count.default(DEFAULT_SHAPE.people),
  batchEvents: count.default(50_000),
  /** A source's batches detected per detect invocation (the Lambda takes up to 10 queued messages of a source). */
  batchesPerInvocation: count.max(10).default(1),
  eventsPerDay: count.default(DEFAULT_SHAPE.eventsPerDay),
  seed: z.string().min(1).default(DEFAULT_SHAPE.seed),
  /** Corpus cache: reused when a finished corpus of the same shape is there. */
  cacheDir: z.string().default(join(tmpdir(), 'hoardwatch-bench')),
  state: StateModeSchema.default('file'),
  /** DuckDB thread counts to run (c) with; 1 compares per core with (b). */
  duckdbThreads: z.string().default('1,all').transform((s, ctx) => {
    const out: (number | 'all')[] = [];
    for (const part of s.split(',')) {
      const p = part.trim();
      if (p === 'all') out.push('all');
      else if (/^\d+$/.test(p) && Number(p) > 0) out.push(Number(p));
      else ctx.addIssue({ code: 'custom', message: `--duckdb-threads: "${p}" is not a positive number or "all"` });
    }
    return out;
  }),
  /** Worker counts to run (b) with besides one (replay --workers); `all` is the machine's cores. */
  workers: z.string().default('all').transform((s, ctx) => {
    const out: (number | 'all')[] = [];
    for (const part of s.split(',')) {
      const p = part.trim();
      if (p === 'all') out.push('all');
      else if (/^\d+$/.test(p) && Number(p) > 0) out.push(Number(p));
      else ctx.addIssue({ code: 'custom', message: `--workers: "${p}" is not a positive number or "all"` });
    }
    return out;
  }),
  /** Only write (or find) the corpus. */
  corpusOnly: z.boolean().default(false),
  skipFloor: z.boolean().default(false),
  skipDuckdb: z.boolean().default(false),
  /** Profile (b) with --cpu-prof and print where its time goes. */
  cpuProf: z.boolean().default(false),
  lambdaMemoryMb: count.default(1769),
  /** V8 old-space limit for (b), to show it runs within a small Lambda. */
  heapLimitMb: count.optional(),
  results: z.string().default(new URL('./results', import.meta.url).pathname),
});
export type BenchOptions = z.infer<typeof OptionsSchema>;

export const USAGE = `npm run bench -- [options]
  --events N            records in the corpus (default 1000000); --events 10000000 for the scale run
  --people N            people in the made-up org, ~2.2 principals each (default 5000)
  --batch-events N      records per batch file (default 50000; the collectors write at most 5000)
  --batches-per-invocation K
                        a source's batches detected together, as the detect Lambda does with up to 10 messages
                        queued behind a running invocation (default 1: a queue that never backs up); needs --workers 1
  --events-per-day N    records per simulated day (default 150000)
  --seed S              corpus seed
  --cache-dir DIR       where corpora are written and reused (default: OS temp dir)
  --state MODE          state for (b): file (default; lib/adapters/state/file-state.ts on disk), memory
                        (FileState.inMemory()) or items (per-item JSON files like DynamoDbState, no network)
  --duckdb-threads L    e.g. 1,all (default)
  --workers L           (b) is run with 1 worker and with each of these (default all = the machine's cores;
                        1 to skip): replay --workers, principals split across worker threads
  --skip-floor --skip-duckdb
  --corpus-only         only write (or find) the corpus
  --cpu-prof            profile (b) and print hot spots
  --lambda-memory-mb N  for the cost model (default 1769 = one vCPU)
  --heap-limit-mb N     run (b) with --max-old-space-size=N (e.g. 384 to prove it fits a 512 MB Lambda)
  --results DIR         where the JSON result goes (default bench/results)`;

export function parseOptions(argv: string[]): BenchOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        events: { type: 'string' }, people: { type: 'string' }, 'batch-events': { type: 'string' }, 'batches-per-invocation': { type: 'string' },
        'events-per-day': { type: 'string' }, seed: { type: 'string' }, 'cache-dir': { type: 'string' },
        state: { type: 'string' }, 'duckdb-threads': { type: 'string' }, workers: { type: 'string' }, 'skip-floor': { type: 'boolean' },
        'skip-duckdb': { type: 'boolean' }, 'corpus-only': { type: 'boolean' }, 'cpu-prof': { type: 'boolean' }, 'lambda-memory-mb': { type: 'string' }, 'heap-limit-mb': { type: 'string' },
        results: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    throw new BenchError(`${(err as Error).message}\n${USAGE}`, { cause: err });
  }
  if (values.help) return 'help';
  const camel = Object.fromEntries(Object.entries(values).map(([k, v]) => [k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()), v]));
  const parsed = OptionsSchema.safeParse(camel);
  if (!parsed.success) {
    throw new BenchError(`${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n')}\n${USAGE}`);
  }
  const o = parsed.data;
  if (o.batchesPerInvocation > 1 && o.workers.some((w) => w !== 1)) {
    throw new BenchError(`--batches-per-invocation ${o.batchesPerInvocation} needs --workers 1 (replay --workers detects one batch at a time)\n${USAGE}`);
  }
  return o;
}
