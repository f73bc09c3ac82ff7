import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import type { QuarantineLine } from '../core/envelope.ts';
import type { Reject } from '../core/event.ts';
import { quarantineJson } from '../core/quarantine-json.ts';
import type { RawRecordItem } from '../pipeline/raw-item.ts';
import type { FileRejectTally } from './replay-summary.ts';

/**
 * Collects rejects during a replay: tallies read-level ones per file and reason for the summary, and writes every
 * one (with its raw record, DESIGN.md §3 quarantine shape) to `--quarantine` when asked.
 */
export class RejectLog {
  private readonly tallies = new Map<string, FileRejectTally>();
  private readonly out: WriteStream | undefined;
  private failure: Error | undefined;

  constructor(quarantinePath?: string) {
    if (quarantinePath !== undefined) {
      this.out = createWriteStream(quarantinePath, { flags: 'w' });
      this.out.on('error', (err) => {
        this.failure = err;
      });
    }
  }

  readonly add = (r: Reject, item?: RawRecordItem): void => {
    if (!item) {
      const k = `${r.ref.file}\u0000${r.reason}`;
      const t = this.tallies.get(k);
      if (t) t.count++;
      else this.tallies.set(k, { file: r.ref.file, reason: r.reason, count: 1, firstLine: r.ref.line, ...(r.detail ? { detail: r.detail } : {}) });
    }
    if (this.out) {
      const line: QuarantineLine = { reason: r.reason, ref: r.ref };
      if (r.detail !== undefined) line.detail = r.detail;
      if (item) Object.assign(line, { v: 1, source: item.source, stream: item.stream, id: item.id, record: item.record });
      else if (r.source !== undefined) line.source = r.source;
      // Bounded: a record nested 10k deep or megabytes long is written cut, with a marker, not thrown on.
      this.out.write(`${quarantineJson(line)}\n`);
    }
  };

  /** Read-level rejects by file, in file order. */
  fileTallies(): FileRejectTally[] {
    return [...this.tallies.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  }

  /** Flushes the quarantine file; throws if writing it failed. */
  async close(): Promise<void> {
    if (this.out) await new Promise<void>((ok) => this.out!.end(ok));
    if (this.failure) throw new Error(`cannot write quarantine file: ${this.failure.message}`, { cause: this.failure });
  }
}
