import type { Readable } from 'node:stream';
import { basename } from 'node:path';
import type { RawItem } from '../pipeline/raw-item.ts';
import { rawReject } from '../pipeline/raw-item.ts';
import { decodeChunks } from './decode-chunks.ts';
import { InputReadError, describeError } from './input-read-error.ts';
import { peekFirstLine } from './peek-first-line.ts';
import { elfCsvRows } from './read-elf-csv.ts';
import { envelopeLines, vendorJsonDocument, vendorJsonLines } from './read-json.ts';
import type { ReadLimits } from './read-limits.ts';
import { DEFAULT_READ_LIMITS } from './read-limits.ts';
import type { ReadPosition } from './read-position.ts';
import type { ReplayInput } from './replay-input.ts';
import { sniffFormat } from './sniff-format.ts';

/**
 * Every record of one input as RawItems, whatever its format (project batch NDJSON, Salesforce ELF CSV, SOQL
 * results or RTEM NDJSON, M365 blobs or NDJSON, Slack pages/arrays/NDJSON; gzip or not). Never throws for bad
 * input: an unreadable, corrupt or unknown input becomes a reject item and reading moves on to the next input.
 * Memory stays within `limits` whatever the input: a longer line or document is rejected with its reason without
 * being held whole, and a gzip input that inflates past its budget is cut off there (README "Replay: hostile input").
 */
export async function* readInput(input: ReplayInput, limits: ReadLimits = DEFAULT_READ_LIMITS): AsyncGenerator<RawItem> {
  const pos: ReadPosition = { file: input.name, line: 0 };
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
