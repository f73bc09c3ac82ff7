import type { Source } from '../core/event.ts';
import { SourceSchema } from '../core/event.ts';
import type { RawItem } from './raw-item.ts';
import { rawReject } from './raw-item.ts';

/** The source a raw batch key is filed under (`raw/source=<s>/…`, DESIGN.md §3), if it names a known one. */
export function sourceOfBatchKey(key: string): Source | undefined {
  const m = /^raw\/source=([^/]+)\//.exec(key);
  const s = m ? SourceSchema.safeParse(m[1]) : undefined;
  return s?.success ? s.data : undefined;
}

/**
 * Each collector may write under its own prefix only; a record whose envelope names another source (or a batch
 * filed under no source) is rejected as `source-mismatch`, so a writer of one prefix cannot alter another source's
 * profiles (P2-4). The rest of the batch goes on.
 */
export async function* rejectForeignSources(items: AsyncIterable<RawItem>, key: string): AsyncGenerator<RawItem> {
  const expected = sourceOfBatchKey(key);
  for await (const item of items) {
    if (item.kind === 'record' && item.source !== expected) {
      const detail = expected === undefined
        ? `batch key ${key} is not under raw/source=<source>/`
        : `envelope source ${item.source} in a batch under raw/source=${expected}/`;
      yield { ...rawReject('source-mismatch', item.ref, detail, item.source), record: item };
      continue;
    }
    yield item;
  }
}
