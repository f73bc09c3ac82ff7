import { describe, expect, it } from 'vitest';
import { elfHeader, sniffFormat } from '../../lib/replay/sniff-format.ts';

describe('sniffFormat', () => {
  it('tells project batches from vendor JSON lines', () => {
    expect(sniffFormat('{"v":1,"source":"slack","stream":"audit","id":"x","fetchedAt":"t","record":{}}')).toBe('envelope-ndjson');
    expect(sniffFormat('{"id":"x","date_create":1,"action":"user_login","actor":{}}')).toBe('json-lines');
    expect(sniffFormat('[{"Id":"a"}]')).toBe('json-lines');
  });

  it('reads an opening bracket alone as a whole document, and a line cut at the peek limit as JSON lines', () => {
    expect(sniffFormat('[')).toBe('json-document');
    expect(sniffFormat('{ "records": [', true)).toBe('json-document');
    // A huge single-line document is one JSON line; a huge first line of NDJSON must not cost the lines after it.
    expect(sniffFormat('{"entries":[{"id":"x"', false)).toBe('json-lines');
    expect(sniffFormat('{"v":1,"source":"slack","stream":"aud', false)).toBe('envelope-ndjson');
  });

  it('recognises ELF CSV by its UPPER_SNAKE header, quoted or not, with a BOM', () => {
    expect(sniffFormat('\uFEFF"EVENT_TYPE","TIMESTAMP","USER_ID"')).toBe('elf-csv');
    expect(sniffFormat('EVENT_TYPE,TIMESTAMP')).toBe('elf-csv');
    expect(elfHeader('"EVENT_TYPE","Timestamp"')).toBeUndefined();
    expect(sniffFormat('name,email')).toBe('unknown');
    expect(sniffFormat('hello world')).toBe('unknown');
  });
});
