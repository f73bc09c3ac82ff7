import { isUtf8 } from 'node:buffer';
import type { RawItem } from '../pipeline/raw-item.ts';
import { rawReject } from '../pipeline/raw-item.ts';
import { describeBytes, describeError } from './input-read-error.ts';
import type { ReadLimits } from './read-limits.ts';
import type { ReadPosition } from './read-position.ts';
import { lineFaultReject } from './read-position.ts';
import { identifyRecord, isObject, recordsOf } from './record-shape.ts';
import { EnvelopeReader } from './envelope-record.ts';
import { isLineFault, splitLines, type Line } from './split-lines.ts';

// The JSON readers of readInput: project batch NDJSON (envelopes), vendor JSON lines and whole vendor documents.

/** What `parseLine` returns for a blank line (skipped, but counted in pos.line). */
const BLANK = Symbol('blank line');

/**
 * One line parsed as JSON, BLANK, or the reject of that line with its reason. Synchronous, called from each reader's
 * own loop over splitLines: one async generator per record less between the bytes and the pipeline.
 */
function parseLine(line: Line, pos: ReadPosition, limits: ReadLimits): unknown {
  if (isLineFault(line)) return new LineReject(lineFaultReject(line, pos, limits));
  if (isBlank(line)) return BLANK;
  try {
    // A BOM is allowed at the start of the input only.
    return JSON.parse(pos.line === 1 ? line.replace(/^\uFEFF/, '') : line) as unknown;
  } catch (err) {
    return new LineReject(rawReject('malformed-json', { ...pos }, describeError(err)));
  }
}

/** A line that gave no JSON value (never a value JSON.parse returns). */
class LineReject {
  constructor(readonly item: RawItem) {}
}

export async function* envelopeLines(chunks: AsyncIterable<Buffer>, pos: ReadPosition, limits: ReadLimits): AsyncGenerator<RawItem> {
  const envelopes = new EnvelopeReader();
  for await (const lines of splitLines(chunks, limits.lineBytes)) {
    for (const line of lines) {
      pos.line++;
      const value = parseLine(line, pos, limits);
      if (value === BLANK) continue;
      yield value instanceof LineReject ? value.item : envelopes.item(value, pos);
    }
  }
}

/** vendorItems' answer when the first value shows the input is no audit log at all: stop reading it. */
const NOT_AUDIT_LOG = -1;

/**
 * The records of one parsed JSON value as items. Returns how many had a vendor's shape, or NOT_AUDIT_LOG when a
 * first value has records but none of a known vendor's shape (say, some other JSON file): the input is then
 * rejected once instead of element by element. A record of a known shape that cannot be used (no id) counts as
 * recognised: the file is a vendor's, and each of its records is counted and rejected by itself.
 */
function* vendorItems(value: unknown, pos: ReadPosition, lineOf: (index: number) => number, firstValue: boolean): Generator<RawItem, number> {
  const records = recordsOf(value);
  if (!records) {
    yield rawReject('unknown-record', { ...pos }, 'JSON value holds no records');
    return 0;
  }
  const pending: RawItem[] = [];
  let recognised = 0;
  for (let i = 0; i < records.length; i++) {
    const rec = records[i];
    const ref = { file: pos.file, line: lineOf(i) };
    if (!isObject(rec)) {
      pending.push(rawReject('unknown-record', ref, 'not a JSON object'));
      continue;
    }
    const who = identifyRecord(rec);
    if (!who.ok) {
      if (who.source !== undefined) recognised++;
      pending.push(rawReject(who.reason, ref, who.detail, who.source));
      continue;
    }
    recognised++;
    pending.push({ kind: 'record', source: who.source, stream: who.stream, id: who.id, record: rec, ref });
    if (!firstValue) yield* pending.splice(0);
  }
  if (firstValue && recognised === 0 && records.length > 0) {
    yield rawReject('unknown-format', { file: pos.file, line: lineOf(0) }, 'JSON without Salesforce, M365 or Slack records');
    return NOT_AUDIT_LOG;
  }
  yield* pending;
  return recognised;
}

export async function* vendorJsonLines(chunks: AsyncIterable<Buffer>, pos: ReadPosition, limits: ReadLimits): AsyncGenerator<RawItem> {
  let seenValue = false;
  for await (const lines of splitLines(chunks, limits.lineBytes)) {
    for (const line of lines) {
      pos.line++;
      const value = parseLine(line, pos, limits);
      if (value === BLANK) continue;
      if (value instanceof LineReject) {
        yield value.item;
        continue;
      }
      const line1 = pos.line;
      const first = !seenValue;
      seenValue = true;
      if ((yield* vendorItems(value, pos, () => line1, first)) === NOT_AUDIT_LOG) return;
    }
  }
}

/**
 * A pretty-printed JSON document, parsed whole: held up to `limits.documentBytes` only. A larger one is rejected
 * as `document-too-large` without reading further (its records cannot be told apart without parsing it).
 */
export async function* vendorJsonDocument(chunks: AsyncGenerator<Buffer>, pos: ReadPosition, limits: ReadLimits): AsyncGenerator<RawItem> {
  const parts: Buffer[] = [];
  let size = 0;
  pos.line = 1;
  for await (const c of chunks) {
    size += c.length;
    if (size > limits.documentBytes) {
      await chunks.return(undefined);
      yield rawReject('document-too-large', { ...pos },
        `a JSON document over ${describeBytes(limits.documentBytes)} is not parsed whole; give its records as NDJSON (one per line)`);
      return;
    }
    parts.push(c);
  }
  const bytes = Buffer.concat(parts);
  parts.length = 0;
  if (!isUtf8(bytes)) {
    yield rawReject('invalid-utf8', { ...pos }, 'the document is not valid UTF-8');
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    yield rawReject('malformed-json', { ...pos }, describeError(err));
    return;
  }
  // In a whole document the ref's line is the record's 1-based position in it.
  yield* vendorItems(value, pos, (i) => i + 1, true);
}

const isBlank = (line: string): boolean => line.length === 0 || line.trim().length === 0;
