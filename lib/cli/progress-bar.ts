import type { ReplayProgress } from '../replay/run-replay.ts';
import { terminalSafe } from './terminal-text.ts';

/** Redraws at most this often: terminals are slow and a replay can report thousands of times a second. */
const MIN_INTERVAL_MS = 100;

/** A one-line progress display for a TTY stderr (`\r`-redrawn); `done()` clears it. */
export class ProgressBar {
  private last = 0;
  private drawn = false;

  constructor(private readonly out: NodeJS.WritableStream & { columns?: number }, private readonly now: () => number = Date.now) {}

  update(p: ReplayProgress): void {
    const t = this.now();
    if (t - this.last < MIN_INTERVAL_MS) return;
    this.last = t;
    const width = 20;
    const filled = p.files === 0 ? width : Math.round((p.filesDone / p.files) * width);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
    const text = `${bar} ${p.filesDone}/${p.files} files · ${p.records.toLocaleString('en-US')} records${p.file ? ` · ${terminalSafe(p.file)}` : ''}`;
    const cols = this.out.columns ?? 100;
    this.out.write(`\r${text.length > cols - 1 ? text.slice(0, cols - 2) + '…' : text}\x1b[K`);
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) this.out.write('\r\x1b[K');
    this.drawn = false;
  }
}
