import { Worker } from 'node:worker_threads';
import type { Config } from '../../core/config.ts';
import type { FromWorker, ToWorker, WorkerInit } from './messages.ts';
import { PartitionJudge } from './partition-judge.ts';

/** A detect worker failed or stopped: the batch cannot be completed by the others (its principals are its own). */
export class DetectWorkerError extends Error {
  constructor(readonly worker: number, message: string, options?: ErrorOptions) {
    super(`detect worker ${worker}: ${message}`, options);
    this.name = 'DetectWorkerError';
  }
}

interface Waiting {
  resolve: (m: FromWorker) => void;
  reject: (e: Error) => void;
}

/** Where the worker's code is: the TypeScript entry through tsx by default, or a bundled file (bench, Lambda). */
const DEFAULT_SCRIPT = new URL('./worker-bootstrap.mjs', import.meta.url);

/**
 * `size` partitions: partition 0 judged on this thread (PartitionJudge), the others each in a detect worker thread.
 * Messages to one partition are handled in order and every request is answered in order, so a FIFO of waiting
 * callers per thread pairs answers with requests.
 */
export class WorkerPool {
  private readonly local: PartitionJudge;
  /** Index i holds partition i's thread (none for partition 0). */
  private readonly workers: (Worker | undefined)[] = [undefined];
  private readonly waiting: Waiting[][] = [[]];
  private failure: Error | undefined;
  /** Resolves when the batch that has the partitions now sent its last message: the next may send its events. */
  private turn: Promise<void> = Promise.resolve();

  constructor(readonly size: number, config: Config, script: URL = DEFAULT_SCRIPT) {
    if (!Number.isInteger(size) || size < 2) throw new RangeError(`a worker pool needs at least 2 workers, not ${size}`);
    this.local = new PartitionJudge(config);
    const init: WorkerInit = { config };
    for (let i = 1; i < size; i++) {
      const w = new Worker(script, { workerData: init });
      this.waiting.push([]);
      w.on('message', (m: FromWorker) => this.answer(i, m));
      w.on('error', (err) => this.fail(new DetectWorkerError(i, err.message, { cause: err })));
      w.on('exit', (code) => {
        if (code !== 0 || this.waiting[i]!.length > 0) this.fail(new DetectWorkerError(i, `exited with code ${code}`));
      });
      this.workers.push(w);
    }
  }

  send(i: number, msg: ToWorker): void {
    if (this.failure) throw this.failure;
    const w = this.workers[i];
    if (!w) {
      const reply = this.local.handle(msg);
      if (reply?.type === 'failed') this.fail(new DetectWorkerError(0, reply.message));
      return;
    }
    w.postMessage(msg);
  }

  request(i: number, msg: ToWorker): Promise<FromWorker> {
    if (this.failure) return Promise.reject(this.failure);
    const w = this.workers[i];
    if (!w) {
      const reply = this.local.handle(msg);
      if (!reply) return Promise.reject(new DetectWorkerError(0, `no answer to "${msg.type}"`));
      if (reply.type === 'failed') {
        const err = new DetectWorkerError(0, reply.message, { cause: Object.assign(new Error(reply.message), reply.stack ? { stack: reply.stack } : {}) });
        this.fail(err);
        return Promise.reject(err);
      }
      return Promise.resolve(reply);
    }
    return new Promise((resolve, reject) => {
      this.waiting[i]!.push({ resolve, reject });
      w.postMessage(msg);
    });
  }

  /** Every partition answers `msg(i)`: the threads' requests are posted first, so they work while this one does. */
  all(msg: (i: number) => ToWorker): Promise<FromWorker[]> {
    const threads = this.workers.map((w, i) => (w ? this.request(i, msg(i)) : undefined));
    const local = this.request(0, msg(0));
    return Promise.all(threads.map((t) => t ?? local));
  }

  /**
   * The workers, batch after batch: `ready` resolves once every batch that took a turn before has sent its last
   * message; `release` ends this batch's turn. A worker handles one batch at a time, in the order they took turns.
   */
  takeTurn(): { ready: Promise<void>; release: () => void } {
    const ready = this.turn;
    let release!: () => void;
    this.turn = new Promise<void>((resolve) => (release = resolve));
    return { ready, release };
  }

  async close(): Promise<void> {
    this.failure ??= new Error('worker pool closed');
    await Promise.all(this.workers.map((w) => w?.terminate()));
  }

  private answer(i: number, m: FromWorker): void {
    const w = this.waiting[i]!.shift();
    if (!w) return this.fail(new DetectWorkerError(i, `answered "${m.type}" to no request`));
    if (m.type === 'failed') {
      const cause = Object.assign(new Error(m.message), m.stack ? { stack: m.stack } : {});
      const err = new DetectWorkerError(i, m.message, { cause });
      w.reject(err);
      return this.fail(err);
    }
    w.resolve(m);
  }

  /** One failure fails every waiting request and every later one: a partial batch must not be saved. */
  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    for (const q of this.waiting) for (const w of q.splice(0)) w.reject(err);
  }
}
