import { spawn } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { ChildArgs, HoardwatchResult } from './hoardwatch-result.ts';
import { HoardwatchResultSchema } from './hoardwatch-result.ts';

export class ChildRunError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ChildRunError';
  }
}

const CHILD_ENTRY = new URL('./hoardwatch-child.ts', import.meta.url).pathname;
const WORKER_ENTRY = new URL('../../lib/replay/parallel/detect-worker.ts', import.meta.url).pathname;

/**
 * Bundles the end-to-end child the way the detect Lambda is bundled (esbuild, one ESM file, dependencies inlined),
 * with a source map so a CPU profile can be read back to lib/ lines; and the detect worker beside it for --workers.
 */
export async function bundleChild(outDir: string): Promise<{ child: string; worker: string }> {
  await build({
    entryPoints: { 'hoardwatch-child': CHILD_ENTRY, 'detect-worker': WORKER_ENTRY },
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'external',
    logLevel: 'error',
    // CommonJS dependencies inside an ESM bundle need a require.
    banner: { js: "import { createRequire as __hwCreateRequire } from 'node:module'; const require = __hwCreateRequire(import.meta.url);" },
  });
  return { child: join(outDir, 'hoardwatch-child.mjs'), worker: join(outDir, 'detect-worker.mjs') };
}

export interface ChildRunOptions {
  bundle: string;
  args: Omit<ChildArgs, 'resultPath'>;
  workDir: string;
  /** When set, the child runs with `--cpu-prof` writing into this directory. */
  cpuProfDir?: string;
}

/** Runs (b) in a fresh Node process and returns what it measured. */
export async function runHoardwatchChild(o: ChildRunOptions): Promise<HoardwatchResult> {
  const resultPath = join(o.workDir, 'hoardwatch-result.json');
  await rm(resultPath, { force: true });
  const nodeArgs = ['--expose-gc', ...(o.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', o.cpuProfDir] : [])];
  if (o.args.heapLimitMb !== undefined) nodeArgs.push(`--max-old-space-size=${o.args.heapLimitMb}`);
  // The arguments (with thousands of batch keys at scale) go through a file: argv has a size limit (E2BIG).
  const argsPath = join(o.workDir, 'hoardwatch-args.json');
  await writeFile(argsPath, JSON.stringify({ ...o.args, resultPath }));
  const child = spawn(process.execPath, [...nodeArgs, o.bundle, argsPath], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const code = await new Promise<number | null>((ok, fail) => {
    child.once('error', fail);
    child.once('exit', (c) => ok(c));
  });
  if (code !== 0) throw new ChildRunError(`end-to-end child exited with ${code}`);
  let text: string;
  try {
    text = await readFile(resultPath, 'utf8');
  } catch (err) {
    throw new ChildRunError(`end-to-end child left no result at ${resultPath}`, { cause: err });
  }
  return HoardwatchResultSchema.parse(JSON.parse(text));
}
