import { Readable, pipeline } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import type { CsvError } from 'csv-parse';
import type { RawItem } from '../pipeline/raw-item.ts';
import { rawReject } from '../pipeline/raw-item.ts';
import { InputReadError, describeError } from './input-read-error.ts';
import type { ReadLimits } from './read-limits.ts';
import type { ReadPosition } from './read-position.ts';
import { lineFaultReject } from './read-position.ts';
import { screenCsvRecords } from './screen-csv-records.ts';

/**
 * Salesforce ELF CSV rows as records keyed by the header, ids `<stem>:<row index>`. Rows over the line limit or not
 * valid UTF-8 are screened out before the parser and rejected by themselves; rows the parser cannot read are
 * rejected as malformed-csv; the rest goes on.
 */
export async function* elfCsvRows(chunks: AsyncIterable<Buffer>, pos: ReadPosition, stem: string, limits: ReadLimits): AsyncGenerator<RawItem> {
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
