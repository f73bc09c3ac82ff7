import { fixedClock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import type { StatePort } from '../core/state.ts';
import { ParallelRun } from '../replay/parallel/parallel-run.ts';
import { WorkerPool } from '../replay/parallel/worker-pool.ts';
import { runReplay } from '../replay/run-replay.ts';
import type { ReplayOutcome } from '../replay/run-replay.ts';
import type { ReadLimits } from '../replay/read-limits.ts';
import type { ReplayInput } from '../replay/replay-input.ts';
import type { CliIo } from './command.ts';
import { ProgressBar } from './progress-bar.ts';
import { RejectLog } from './reject-log.ts';
import type { FileRejectTally } from './replay-summary.ts';

export interface ExecutedReplay {
  outcome: ReplayOutcome;
  fileRejects: FileRejectTally[];
}

/** runReplay with the CLI around it: a progress bar when stderr is a TTY, rejects tallied and quarantined. */
export async function executeReplay(
  inputs: ReplayInput[],
  opts: {
    config: Config; state: StatePort; io: CliIo; quarantine?: string | undefined;
    /** `--as-of`: the time the replay runs at (epoch ms), else the wall clock. */
    asOf?: number | undefined;
    limits?: ReadLimits | undefined;
    /** Worker threads judging the principals (`--workers`); 1 judges them on this thread. */
    workers?: number | undefined;
  },
): Promise<ExecutedReplay> {
  const rejects = new RejectLog(opts.quarantine);
  const bar = opts.io.stderr.isTTY ? new ProgressBar(opts.io.stderr) : undefined;
  const asOf = opts.asOf;
  const clock = asOf === undefined ? { now: () => Date.now() } : fixedClock(asOf);
  const pool = opts.workers !== undefined && opts.workers > 1 ? new WorkerPool(opts.workers, opts.config) : undefined;
  try {
    const outcome = await runReplay(inputs, {
      state: opts.state,
      config: opts.config,
      clock,
      ...(pool ? { newRun: () => new ParallelRun(pool, opts.config, clock) } : {}),
      onReject: rejects.add,
      ...(bar ? { onProgress: (p) => bar.update(p) } : {}),
      ...(opts.limits ? { limits: opts.limits } : {}),
    });
    return { outcome, fileRejects: rejects.fileTallies() };
  } finally {
    bar?.done();
    await pool?.close();
    await rejects.close();
  }
}
