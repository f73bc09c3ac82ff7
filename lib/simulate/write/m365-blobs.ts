import type { Prng } from '../prng.ts';
import type { RecordSink } from '../sink.ts';
import { byTime } from '../sink.ts';
import type { OutputFile } from './output-file.ts';

/** Share of records the API also delivers in the next blob (duplicates are "expected and designed behavior"). */
const DUPLICATE_SHARE = 0.004;

/**
 * Content blobs as `GET contentUri` returns them: a JSON array of audit records, one blob per content type and
 * hour, at `m365/<ContentType>/<YYYY-MM-DD>/<YYYYMMDDTHH>-<id>.json`. A few records reappear in the next blob.
 */
export function writeM365(sink: RecordSink, rng: Prng): OutputFile[] {
  const files: OutputFile[] = [];
  for (const contentType of [...sink.m365.keys()].sort()) {
    const byHourNo = new Map<number, string[]>();
    for (const r of (sink.m365.get(contentType) ?? []).slice().sort(byTime)) {
      const hourNo = Math.floor(r.time / 3_600_000);
      let list = byHourNo.get(hourNo);
      if (!list) byHourNo.set(hourNo, (list = []));
      list.push(r.record);
    }
    const byHour = new Map([...byHourNo].map(([n, list]) => [new Date(n * 3_600_000).toISOString().slice(0, 13), list]));
    const hours = [...byHour.keys()].sort();
    const blobs = hours.map((h) => (byHour.get(h) ?? []).slice());
    for (let i = 0; i + 1 < blobs.length; i++) {
      for (const rec of byHour.get(hours[i] ?? '') ?? []) {
        if (rng.chance(DUPLICATE_SHARE)) blobs[i + 1]?.push(rec);
      }
    }
    hours.forEach((h, i) => {
      const day = h.slice(0, 10);
      const stamp = h.replaceAll('-', '');
      files.push({ path: `m365/${contentType}/${day}/${stamp}-${rng.hex(8)}.json`, content: `[${(blobs[i] ?? []).join(',')}]` });
    });
  }
  return files;
}
