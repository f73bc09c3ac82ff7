import type { RecordSink } from '../sink.ts';
import { byTime } from '../sink.ts';
import type { OutputFile } from './output-file.ts';

/** RTEM records as SOQL returns them (with `attributes`), one NDJSON file per object: `salesforce/rtem/<Object>.ndjson`. */
export function writeRtem(sink: RecordSink): OutputFile[] {
  return [...sink.rtem.keys()].sort().map((object) => ({
    path: `salesforce/rtem/${object}.ndjson`,
    content: (sink.rtem.get(object) ?? []).slice().sort(byTime).map((r) => `${r.record}\n`).join(''),
  }));
}
