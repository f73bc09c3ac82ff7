import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';

/** Same chunk sizes as the replay path (lib/replay/decode-chunks.ts, fs-batch-source.ts): 256 KiB. */
import { BenchError } from '../bench-error.ts';

const CHUNK = 256 * 1024;
const NL = 0x0a;

export interface FloorResult {
  events: number;
  /** Uncompressed bytes read. */
  bytes: number;
  seconds: number;
}

/**
 * The floor no detector can beat on one core: gunzip + hand-rolled line split + JSON.parse, nothing else. The
 * parsed value is touched so the work cannot be optimised away.
 */
export async function measureFloor(root: string, keys: readonly string[]): Promise<FloorResult> {
  let events = 0;
  let bytes = 0;
  let touched = 0;
  const t0 = process.hrtime.bigint();
  for (const key of keys) {
    const gunzip = createReadStream(join(root, key), { highWaterMark: CHUNK }).pipe(createGunzip({ chunkSize: CHUNK }));
    let carry: Buffer | undefined;
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
      let start = 0;
      for (let nl = buf.indexOf(NL, start); nl !== -1; nl = buf.indexOf(NL, start)) {
        if (nl > start) {
          const value = JSON.parse(buf.toString('utf8', start, nl)) as { id?: unknown };
          if (value.id !== undefined) touched++;
          events++;
        }
        start = nl + 1;
      }
      carry = start < buf.length ? buf.subarray(start) : undefined;
    }
    if (carry && carry.length > 0) {
      JSON.parse(carry.toString('utf8'));
      events++;
    }
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (touched !== events) throw new BenchError(`floor: ${events - touched} lines without an envelope id`);
  return { events, bytes, seconds };
}
