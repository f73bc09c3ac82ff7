import type { Prng } from '../prng.ts';
import { sfId15, toId18 } from '../salesforce-id.ts';
import type { ElfEventType, RecordSink } from '../sink.ts';
import { byTime } from '../sink.ts';
import { ELF_COLUMNS } from '../vendors/salesforce.ts';
import type { OutputFile } from './output-file.ts';
import { utcDay } from './output-file.ts';

/** RFC 4180 field as ELF writes every value: always double-quoted, quotes doubled. */
const quote = (v: string): string => `"${v.replaceAll('"', '""')}"`;

export function elfCsv(type: ElfEventType, rows: ReadonlyArray<Record<string, string>>): string {
  const cols = ELF_COLUMNS[type];
  const lines = [cols.map(quote).join(',')];
  for (const row of rows) lines.push(cols.map((c) => quote(row[c] ?? '')).join(','));
  return `${lines.join('\n')}\n`;
}

/**
 * Daily ELF files (Interval `Daily`, LogDate = the UTC day), one per event type and day, at
 * `salesforce/elf/<EventType>/<YYYY-MM-DD>/<EventLogFile.Id>.csv` as a collector stores them (api-contracts §4).
 */
export function writeElf(sink: RecordSink, rng: Prng): OutputFile[] {
  const files: OutputFile[] = [];
  const types = [...sink.elf.keys()].sort();
  for (const type of types) {
    const byDay = new Map<string, Array<Record<string, string>>>();
    for (const r of (sink.elf.get(type) ?? []).slice().sort(byTime)) {
      const day = utcDay(r.time);
      let list = byDay.get(day);
      if (!list) byDay.set(day, (list = []));
      list.push(r.record);
    }
    for (const day of [...byDay.keys()].sort()) {
      const fileId = toId18(sfId15(rng, '0AT'));
      files.push({ path: `salesforce/elf/${type}/${day}/${fileId}.csv`, content: elfCsv(type, byDay.get(day) ?? []) });
    }
  }
  return files;
}
