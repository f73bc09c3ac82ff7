import { Readable, pipeline } from 'node:stream';
import { basename } from 'node:path';
import { parse as parseCsv } from 'csv-parse';
import type { CsvError } from 'csv-parse';
import { EnvelopeSchema } from '../core/envelope.ts';
import type { RawItem } from '../pipeline/raw-item.ts';
import { rawReject } from '../pipeline/raw-item.ts';
import { decodeChunks } from './decode-chunks.ts';
import { InputReadError, describeError } from './input-read-error.ts';
import { peekFirstLine } from './peek-first-line.ts';
import { identifyRecord, isObject, recordsOf } from './record-shape.ts';
import type { ReplayInput } from './replay-input.ts';
import { sniffFormat } from './sniff-format.ts';
import { splitLines } from './split-lines.ts';

/** Mutable read position, so a read error mid-file is reported at the line it happened. */
interface Position {
  file: string;
  line: number;
}

/**
 * Every record of one input as RawItems, whatever its format (project batch NDJSON, Salesforce ELF CSV, SOQL
 * results or RTEM NDJSON, M365 blobs or NDJSON, Slack pages/arrays/NDJSON; gzip or not). Never throws for bad
 * input: an unreadable, corrupt or unknown input becomes a reject item and reading moves on to the next input.
 */
export async function* readInput(input: ReplayInput): AsyncGenerator<RawItem> {
  const pos: Position = { file: input.name, line: 0 };
  try {
    let raw: Readable;
    try {
      raw = await input.source.open(input.key);
    } catch (err) {
      throw new InputReadError('unreadable-file', describeError(err), { cause: err });
    }
    const peeked = await peekFirstLine(decodeChunks(raw));
    if (peeked.firstLine === undefined) {
      yield rawReject('empty-input', { ...pos }, 'no records in this input');
      return;
    }
    const format = sniffFormat(peeked.firstLine, peeked.complete);
    switch (format) {
      case 'envelope-ndjson':
        yield* envelopeLines(peeked.chunks, pos);
        return;
      case 'json-lines':
        yield* vendorJsonLines(peeked.chunks, pos);
        return;
      case 'json-document':
        yield* vendorJsonDocument(peeked.chunks, pos);
        return;
      case 'elf-csv':
        yield* elfCsvRows(peeked.chunks, pos, fileStem(input.key));
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

/** Each non-blank line parsed as JSON (pos.line kept current), or a malformed-json reject for that line. */
async function* jsonLines(chunks: AsyncIterable<Buffer>, pos: Position): AsyncGenerator<{ value: unknown } | RawItem> {
  for await (const lines of splitLines(chunks)) {
    for (const line of lines) {
      pos.line++;
      if (isBlank(line)) continue;
      try {
        yield { value: JSON.parse(line) as unknown };
      } catch (err) {
        yield rawReject('malformed-json', { ...pos }, describeError(err));
      }
    }
  }
}

async function* envelopeLines(chunks: AsyncIterable<Buffer>, pos: Position): AsyncGenerator<RawItem> {
  for await (const parsed of jsonLines(chunks, pos)) {
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
    yield { kind: 'record', source: e.source, stream: e.stream, id: e.id, record: e.record, ref: { ...pos } };
  }
}

/** vendorItems' answer when the first value shows the input is no audit log at all: stop reading it. */
const NOT_AUDIT_LOG = -1;

/**
 * The records of one parsed JSON value as items. Returns how many were recognised, or NOT_AUDIT_LOG when a first
 * value has records but none of a known vendor (say, some other JSON file): the input is then rejected once
 * instead of element by element.
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
      pending.push(rawReject(who.reason, ref, who.detail));
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

async function* vendorJsonLines(chunks: AsyncIterable<Buffer>, pos: Position): AsyncGenerator<RawItem> {
  let seenValue = false;
  for await (const parsed of jsonLines(chunks, pos)) {
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

async function* vendorJsonDocument(chunks: AsyncIterable<Buffer>, pos: Position): AsyncGenerator<RawItem> {
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(c);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(parts).toString('utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    pos.line = 1;
    yield rawReject('malformed-json', { ...pos }, describeError(err));
    return;
  }
  // In a whole document the ref's line is the record's 1-based position in it.
  yield* vendorItems(value, pos, (i) => i + 1, true);
}

async function* elfCsvRows(chunks: AsyncIterable<Buffer>, pos: Position, stem: string): AsyncGenerator<RawItem> {
  const skipped: RawItem[] = [];
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
  const rows = pipeline(Readable.from(chunks), parser, () => {
    // Errors surface through the iteration below.
  });
  let index = 0;
  try {
    for await (const item of rows as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      if (skipped.length > 0) yield* skipped.splice(0);
      pos.line = item.info.lines;
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
  yield* skipped;
}

const isBlank = (line: string): boolean => line.length === 0 || line.trim().length === 0;
