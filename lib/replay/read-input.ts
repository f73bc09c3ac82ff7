import { Readable, pipeline } from 'node:stream';
import { isUtf8 } from 'node:buffer';
import { basename } from 'node:path';
import { parse as parseCsv } from 'csv-parse';
import type { CsvError } from 'csv-parse';
import { EnvelopeSchema } from '../core/envelope.ts';
import { parseIsoUtc } from '../core/normalize/timestamps.ts';
import type { RawItem } from '../pipeline/raw-item.ts';
import { rawReject } from '../pipeline/raw-item.ts';
import { decodeChunks } from './decode-chunks.ts';
import { InputReadError, describeBytes, describeError } from './input-read-error.ts';
import { peekFirstLine } from './peek-first-line.ts';
import type { ReadLimits } from './read-limits.ts';
import { DEFAULT_READ_LIMITS } from './read-limits.ts';
import { identifyRecord, isObject, recordsOf } from './record-shape.ts';
import type { ReplayInput } from './replay-input.ts';
import { screenCsvRecords } from './screen-csv-records.ts';
import { sniffFormat } from './sniff-format.ts';
import type { LineFault } from './split-lines.ts';
import { isLineFault, splitLines } from './split-lines.ts';

/** Mutable read position, so a read error mid-file is reported at the line it happened. */
interface Position {
  file: string;
  line: number;
}

/**
 * Every record of one input as RawItems, whatever its format (project batch NDJSON, Salesforce ELF CSV, SOQL
 * results or RTEM NDJSON, M365 blobs or NDJSON, Slack pages/arrays/NDJSON; gzip or not). Never throws for bad
 * input: an unreadable, corrupt or unknown input becomes a reject item and reading moves on to the next input.
 * Memory stays within `limits` whatever the input: a longer line or document is rejected with its reason without
 * being held whole, and a gzip input that inflates past its budget is cut off there (README "Replay: hostile input").
 */
export async function* readInput(input: ReplayInput, limits: ReadLimits = DEFAULT_READ_LIMITS): AsyncGenerator<RawItem> {
  const pos: Position = { file: input.name, line: 0 };
  try {
    let raw: Readable;
    try {
      raw = await input.source.open(input.key);
    } catch (err) {
      throw new InputReadError('unreadable-file', describeError(err), { cause: err });
    }
    const peeked = await peekFirstLine(decodeChunks(raw, limits.gunzipBytes));
    if (peeked.firstLine === undefined) {
      yield rawReject('empty-input', { ...pos }, 'no records in this input');
      return;
    }
    const format = sniffFormat(peeked.firstLine, peeked.complete);
    switch (format) {
      case 'envelope-ndjson':
        yield* envelopeLines(peeked.chunks, pos, limits);
        return;
      case 'json-lines':
        yield* vendorJsonLines(peeked.chunks, pos, limits);
        return;
      case 'json-document':
        yield* vendorJsonDocument(peeked.chunks, pos, limits);
        return;
      case 'elf-csv':
        yield* elfCsvRows(peeked.chunks, pos, fileStem(input.key), limits);
        return;
      case 'unknown':
        await peeked.chunks.return(undefined);
        yield rawReject('unknown-format', { file: pos.file, line: 1 }, 'not a Hoardwatch batch, ELF CSV, or Salesforce/M365/Slack JSON');
        return;
    }
  } catch (err) {
    if (!(err instanceof InputReadError)) throw err;
    yield rawReject(err.reason, { ...pos }, err.message);
  }
}

/** ELF file id for row ids (`<file stem>:<row index>`): the name without `.gz` and its format extension. */
export function fileStem(key: string): string {
  return basename(key).replace(/\.gz$/i, '').replace(/\.[^.]*$/, '');
}

/** The reject of a line (or CSV record) that was not read as text, with what the reader saw of it. */
function lineFaultReject(f: LineFault, ref: Position, limits: ReadLimits, source?: 'salesforce') {
  const detail = f.fault === 'line-too-long'
    ? `line of ${describeBytes(f.bytes)}, more than the ${describeBytes(limits.lineBytes)} line limit: skipped`
    : `line of ${describeBytes(f.bytes)} is not valid UTF-8`;
  return rawReject(f.fault, { file: ref.file, line: ref.line }, detail, source);
}

/** Each non-blank line parsed as JSON (pos.line kept current), or a reject for that line with its reason. */
async function* jsonLines(chunks: AsyncIterable<Buffer>, pos: Position, limits: ReadLimits): AsyncGenerator<{ value: unknown } | RawItem> {
  for await (const lines of splitLines(chunks, limits.lineBytes)) {
    for (const line of lines) {
      pos.line++;
      if (isLineFault(line)) {
        yield lineFaultReject(line, pos, limits);
        continue;
      }
      if (isBlank(line)) continue;
      try {
        // A BOM is allowed at the start of the input only.
        yield { value: JSON.parse(pos.line === 1 ? line.replace(/^\uFEFF/, '') : line) as unknown };
      } catch (err) {
        yield rawReject('malformed-json', { ...pos }, describeError(err));
      }
    }
  }
}

async function* envelopeLines(chunks: AsyncIterable<Buffer>, pos: Position, limits: ReadLimits): AsyncGenerator<RawItem> {
  for await (const parsed of jsonLines(chunks, pos, limits)) {
    if (!('value' in parsed)) {
      yield parsed;
      continue;
    }
    const env = EnvelopeSchema.safeParse(parsed.value);
    if (!env.success) {
      const issue = env.error.issues[0];
      yield rawReject('invalid-envelope', { ...pos }, issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : undefined);
      continue;
    }
    const e = env.data;
    yield {
      kind: 'record', source: e.source, stream: e.stream, id: e.id, record: e.record, ref: { ...pos },
      // The schema checked fetchedAt is a time.
      collectedAt: parseIsoUtc(e.fetchedAt)!,
    };
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
function* vendorItems(value: unknown, pos: Position, lineOf: (index: number) => number, firstValue: boolean): Generator<RawItem, number> {
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

async function* vendorJsonLines(chunks: AsyncIterable<Buffer>, pos: Position, limits: ReadLimits): AsyncGenerator<RawItem> {
  let seenValue = false;
  for await (const parsed of jsonLines(chunks, pos, limits)) {
    if (!('value' in parsed)) {
      yield parsed;
      continue;
    }
    const line1 = pos.line;
    const first = !seenValue;
    seenValue = true;
    if ((yield* vendorItems(parsed.value, pos, () => line1, first)) === NOT_AUDIT_LOG) return;
  }
}

/**
 * A pretty-printed JSON document, parsed whole: held up to `limits.documentBytes` only. A larger one is rejected
 * as `document-too-large` without reading further (its records cannot be told apart without parsing it).
 */
async function* vendorJsonDocument(chunks: AsyncGenerator<Buffer>, pos: Position, limits: ReadLimits): AsyncGenerator<RawItem> {
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

async function* elfCsvRows(chunks: AsyncIterable<Buffer>, pos: Position, stem: string, limits: ReadLimits): AsyncGenerator<RawItem> {
  const skipped: RawItem[] = [];
  let badHeader: string | undefined;
  const screened = screenCsvRecords(chunks, limits.lineBytes, (f) => {
    if (f.line === 1) badHeader = f.fault;
    else skipped.push(lineFaultReject(f, { file: pos.file, line: f.line }, limits, 'salesforce'));
  });
  const parser = parseCsv({
    columns: true,
    bom: true,
    info: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (err: CsvError | undefined) => {
      const line = typeof err?.['lines'] === 'number' ? err['lines'] : pos.line + 1;
      skipped.push(rawReject('malformed-csv', { file: pos.file, line }, err?.message));
      return undefined;
    },
  });
  const rows = pipeline(Readable.from(screened), parser, () => {
    // Errors surface through the iteration below.
  });
  let index = 0;
  try {
    for await (const item of rows as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      // The screen reads ahead of the parser: a bad header is known before its first row comes out.
      if (badHeader !== undefined) throw new InputReadError(badHeader, 'the CSV header line could not be read, so neither can its rows');
      pos.line = item.info.lines;
      if (skipped.length > 0) yield* takeBefore(skipped, pos.line);
      const rowIndex = index++;
      const type = item.record['EVENT_TYPE'];
      if (!type) {
        yield rawReject('missing-event-type', { ...pos }, 'ELF row without EVENT_TYPE', 'salesforce');
        continue;
      }
      yield { kind: 'record', source: 'salesforce', stream: `elf:${type}`, id: `${stem}:${rowIndex}`, record: item.record, ref: { ...pos } };
    }
  } catch (err) {
    if (err instanceof InputReadError) throw err;
    throw new InputReadError('malformed-csv', describeError(err), { cause: err });
  } finally {
    rows.destroy();
  }
  if (badHeader !== undefined) throw new InputReadError(badHeader, 'the CSV header line could not be read, so neither can its rows');
  yield* takeBefore(skipped, Number.POSITIVE_INFINITY);
}

/**
 * The rejects of lines before `line`, in line order, taken out of `pending`: the screen reads ahead of the parser,
 * so rejects of later lines wait for their place among the rows.
 */
function takeBefore(pending: RawItem[], line: number): RawItem[] {
  const lineOf = (i: RawItem): number => (i.kind === 'reject' ? i.reject.ref.line : i.ref.line);
  pending.sort((a, b) => lineOf(a) - lineOf(b));
  let n = 0;
  while (n < pending.length && lineOf(pending[n]!) < line) n++;
  return pending.splice(0, n);
}

const isBlank = (line: string): boolean => line.length === 0 || line.trim().length === 0;
