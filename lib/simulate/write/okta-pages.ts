import type { RecordSink } from '../sink.ts';
import { byTime } from '../sink.ts';
import type { OutputFile } from './output-file.ts';

export const OKTA_PAGE_SIZE = 1000;

/**
 * `GET /api/v1/logs` response bodies as a collector pages through them: bare JSON arrays of LogEvents, oldest first,
 * `OKTA_PAGE_SIZE` a page. Files: `okta/system-log-<nnnn>.json`.
 */
export function writeOkta(sink: RecordSink): OutputFile[] {
  const oldestFirst = sink.okta.slice().sort(byTime);
  const pages: OutputFile[] = [];
  for (let i = 0; i * OKTA_PAGE_SIZE < oldestFirst.length; i++) {
    const page = oldestFirst.slice(i * OKTA_PAGE_SIZE, (i + 1) * OKTA_PAGE_SIZE);
    pages.push({ path: `okta/system-log-${String(i + 1).padStart(4, '0')}.json`, content: `[${page.map((e) => e.record).join(',')}]` });
  }
  return pages;
}
