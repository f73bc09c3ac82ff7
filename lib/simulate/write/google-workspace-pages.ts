import type { RecordSink } from '../sink.ts';
import { byTime } from '../sink.ts';
import type { OutputFile } from './output-file.ts';

export const GW_PAGE_SIZE = 1000;

/**
 * `activities.list` responses per application as a collector pages through them: newest first, `GW_PAGE_SIZE`
 * activities a page, `nextPageToken` on all but the last. Files: `google-workspace/<application>-<nnnn>.json`.
 */
export function writeGoogleWorkspace(sink: RecordSink): OutputFile[] {
  const files: OutputFile[] = [];
  for (const [application, list] of [...sink.google.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const newestFirst = list.slice().sort(byTime).reverse();
    const count = Math.max(1, Math.ceil(newestFirst.length / GW_PAGE_SIZE));
    for (let i = 0; i < count; i++) {
      const page = newestFirst.slice(i * GW_PAGE_SIZE, (i + 1) * GW_PAGE_SIZE);
      const last = page[page.length - 1];
      const token = i + 1 < count && last ? `,"nextPageToken":${JSON.stringify(Buffer.from(`${application}:${last.time}:${last.seq}`).toString('base64url'))}` : '';
      files.push({
        path: `google-workspace/${application}-${String(i + 1).padStart(4, '0')}.json`,
        content: `{"kind":"admin#reports#activities","etag":"\\"sim\\"","items":[${page.map((e) => e.record).join(',')}]${token}}`,
      });
    }
  }
  return files;
}
