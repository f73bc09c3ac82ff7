import { isUtf8 } from 'node:buffer';
import type { LineFault } from './split-lines.ts';

const NL = 0x0a;
const QUOTE = 0x22;

/** A CSV record kept from the parser, with the line it starts on. */
export type CsvFault = LineFault & { line: number };

const newlines = (n: number): Buffer => Buffer.alloc(n, NL);

/**
 * The bytes of a CSV stream with each record longer than `maxRecordBytes`, or not valid UTF-8, replaced by its
 * newlines alone: the parser then skips it as blank lines (so line numbers stay right) and `onFault` hears of it.
 * A long record is never held whole: once past the limit its bytes are only counted up to its end. Records end at a
 * newline outside double quotes (ELF quotes every value; a quoted value may hold newlines).
 */
export async function* screenCsvRecords(
  chunks: AsyncIterable<Buffer>, maxRecordBytes: number, onFault: (f: CsvFault) => void,
): AsyncGenerator<Buffer> {
  let held: Buffer[] = []; // the current record's bytes from earlier chunks (at most maxRecordBytes)
  let heldBytes = 0;
  let skipped = -1; // bytes of the current record once it is over the limit, else -1
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  let recordNewlines = 0;
  for await (const chunk of chunks) {
    const out: Buffer[] = [];
    let runStart = 0; // bytes from here up to recStart pass through: whole records already checked
    let recStart = 0;
    // A byte loop: cheaper than indexOf per quote when every value is quoted.
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (c === QUOTE) {
        inQuotes = !inQuotes;
        continue;
      }
      if (c !== NL) continue;
      line++;
      if (inQuotes) {
        recordNewlines++;
        continue;
      }
      const size = skipped >= 0 ? skipped + i : heldBytes + i - recStart;
      let fault: LineFault['fault'] | undefined;
      if (skipped >= 0 || size > maxRecordBytes) fault = 'line-too-long';
      else if (!isUtf8(held.length > 0 ? Buffer.concat([...held, chunk.subarray(0, i)]) : chunk.subarray(recStart, i))) fault = 'invalid-utf8';
      if (fault !== undefined) {
        if (recStart > runStart) out.push(chunk.subarray(runStart, recStart));
        out.push(newlines(recordNewlines + 1));
        onFault({ fault, bytes: size, line: recordLine });
        runStart = i + 1;
      } else if (held.length > 0) {
        // The record began in an earlier chunk: its start goes out before this chunk's bytes.
        out.push(...held);
      }
      held = [];
      heldBytes = 0;
      skipped = -1;
      recStart = i + 1;
      recordLine = line;
      recordNewlines = 0;
    }
    if (recStart > runStart) out.push(chunk.subarray(runStart, recStart));
    const rest = chunk.length - recStart;
    if (skipped >= 0) skipped += rest;
    else if (heldBytes + rest > maxRecordBytes) {
      skipped = heldBytes + rest;
      held = [];
      heldBytes = 0;
    } else if (rest > 0) {
      held.push(chunk.subarray(recStart));
      heldBytes += rest;
    }
    if (out.length > 0) yield out.length === 1 ? out[0]! : Buffer.concat(out);
  }
  // A last record without a newline.
  if (skipped >= 0) onFault({ fault: 'line-too-long', bytes: skipped, line: recordLine });
  else if (heldBytes > 0) {
    const last = Buffer.concat(held);
    if (isUtf8(last)) yield last;
    else onFault({ fault: 'invalid-utf8', bytes: heldBytes, line: recordLine });
  }
}
