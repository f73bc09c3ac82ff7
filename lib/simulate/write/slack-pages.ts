import type { RecordSink } from '../sink.ts';
import { byTime } from '../sink.ts';
import type { OutputFile } from './output-file.ts';

export const SLACK_PAGE_SIZE = 1000;

/**
 * `/audit/v1/logs` responses as a collector pages through them: newest first, `SLACK_PAGE_SIZE` entries a page,
 * `next_cursor` empty on the last one. Files: `slack/audit-logs-<nnnn>.json`.
 */
export function writeSlack(sink: RecordSink): OutputFile[] {
  const newestFirst = sink.slack.slice().sort(byTime).reverse();
  const pages: OutputFile[] = [];
  const count = Math.max(1, Math.ceil(newestFirst.length / SLACK_PAGE_SIZE));
  for (let i = 0; i < count; i++) {
    const page = newestFirst.slice(i * SLACK_PAGE_SIZE, (i + 1) * SLACK_PAGE_SIZE);
    const last = page[page.length - 1];
    // Opaque to clients, like Slack's: where the next page starts.
    const nextCursor = i + 1 < count && last ? Buffer.from(`event:${last.time}:${last.seq}`).toString('base64') : '';
    pages.push({
      path: `slack/audit-logs-${String(i + 1).padStart(4, '0')}.json`,
      content: `{"entries":[${page.map((e) => e.record).join(',')}],"response_metadata":${JSON.stringify({ next_cursor: nextCursor })}}`,
    });
  }
  return pages;
}
