import { isUtf8 } from 'node:buffer';
import { MAX_LINE_BYTES } from './read-limits.ts';

const NL = 0x0a;
const CR = 0x0d;

/** A line that is not handed out as text: longer than the limit (skipped, never held whole) or not valid UTF-8. */
export interface LineFault {
  fault: 'line-too-long' | 'invalid-utf8';
  /** Length of the line in bytes (for a long line: all of it, counted while skipping). */
  bytes: number;
}

export type Line = string | LineFault;

export const isLineFault = (line: Line): line is LineFault => typeof line !== 'string';

/**
 * Splits byte chunks into text lines (without `\n` / `\r\n`), yielding the lines of each chunk together:
 * faster than readline (toolchain.md) and cheap per line. Splitting on the byte 0x0A is safe in UTF-8
 * (no multi-byte sequence contains it), so a character cut across chunks is decoded whole. Blank lines are
 * kept so callers can count line numbers.
 *
 * A line of more than `maxLineBytes` is not buffered: its start is dropped once it passes the limit, the rest
 * is skipped up to the next newline, and it comes out as a `line-too-long` fault in its place. A line that is
 * not valid UTF-8 comes out as an `invalid-utf8` fault instead of text with U+FFFD in it.
 */
export async function* splitLines(chunks: AsyncIterable<Buffer>, maxLineBytes = MAX_LINE_BYTES): AsyncGenerator<Line[]> {
  let carry: Buffer[] = [];
  let carryBytes = 0;
  // Bytes of a too-long line seen so far, or -1 when not skipping one.
  let skipped = -1;
  for await (const chunk of chunks) {
    const lines: Line[] = [];
    let start = 0;
    let nl = chunk.indexOf(NL, start);
    while (nl !== -1) {
      if (skipped >= 0) {
        lines.push({ fault: 'line-too-long', bytes: skipped + nl });
        skipped = -1;
      } else if (carryBytes + nl - start > maxLineBytes) {
        lines.push({ fault: 'line-too-long', bytes: carryBytes + nl - start });
        carry = [];
        carryBytes = 0;
      } else if (carry.length > 0) {
        carry.push(chunk.subarray(0, nl));
        lines.push(decode(Buffer.concat(carry), 0, undefined));
        carry = [];
        carryBytes = 0;
      } else {
        lines.push(decode(chunk, start, nl));
      }
      start = nl + 1;
      nl = chunk.indexOf(NL, start);
    }
    const rest = chunk.length - start;
    if (skipped >= 0) skipped += rest;
    else if (carryBytes + rest > maxLineBytes) {
      // Past the limit: let go of what was held and only count the rest of this line.
      skipped = carryBytes + rest;
      carry = [];
      carryBytes = 0;
    } else if (rest > 0) {
      carry.push(chunk.subarray(start));
      carryBytes += rest;
    }
    if (lines.length > 0) yield lines;
  }
  if (skipped >= 0) yield [{ fault: 'line-too-long', bytes: skipped }];
  else if (carryBytes > 0) yield [decode(Buffer.concat(carry), 0, undefined)];
}

function decode(buf: Buffer, start: number, end: number | undefined): Line {
  let stop = end ?? buf.length;
  if (stop > start && buf[stop - 1] === CR) stop--;
  const text = buf.toString('utf8', start, stop);
  // Bad bytes decode to U+FFFD: only a line holding one is checked byte by byte (a real U+FFFD in valid text stays).
  if (text.includes('\uFFFD') && !isUtf8(buf.subarray(start, stop))) return { fault: 'invalid-utf8', bytes: stop - start };
  return text;
}
