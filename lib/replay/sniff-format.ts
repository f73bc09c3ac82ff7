/** The formats `replay` reads (DESIGN.md §3), decided from the first non-blank line of the decoded input. */
export type InputFormat = 'envelope-ndjson' | 'json-lines' | 'json-document' | 'elf-csv' | 'unknown';

const UPPER_SNAKE = /^[A-Z][A-Z0-9_]*$/;

/** True for a project batch line: `{"v":1,"source":…,"record":{…}}`. */
export function looksLikeEnvelope(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return o['v'] === 1 && typeof o['source'] === 'string' && 'record' in o;
}

/** Column names of a CSV header line if every one is UPPER_SNAKE (Salesforce ELF), else undefined. */
export function elfHeader(line: string): string[] | undefined {
  const cols = line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
  return cols.length >= 2 && cols.every((c) => UPPER_SNAKE.test(c)) ? cols : undefined;
}

/**
 * Format from the first non-blank line. `complete` is false when the line was cut at the peek limit: a JSON value
 * on it cannot be parsed then. Such a line is no pretty-printed document (those open with a short line): it is a
 * single-line document or the first of JSON lines, and reading it as JSON lines serves both, each line bounded by
 * the line limit (a huge first line then costs that line only, not the rest of the file).
 */
export function sniffFormat(firstLine: string, complete = true): InputFormat {
  const line = firstLine.replace(/^\uFEFF/, '').trim();
  const c = line[0];
  if (c === '{' || c === '[') {
    if (!complete) return /^\{\s*"v"\s*:\s*1\s*,/.test(line) ? 'envelope-ndjson' : 'json-lines';
    try {
      return looksLikeEnvelope(JSON.parse(line)) ? 'envelope-ndjson' : 'json-lines';
    } catch {
      // Not a whole value on one line: a pretty-printed document (or garbage, which parsing it whole will report).
      return 'json-document';
    }
  }
  return elfHeader(line) ? 'elf-csv' : 'unknown';
}
