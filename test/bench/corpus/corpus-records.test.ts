import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newNormalizeContext, normalizeRecord } from '../../../lib/core/normalize/index.ts';
import { corpusRecords, DEFAULT_SHAPE } from '../../../bench/corpus/corpus-records.ts';
import type { CorpusShape } from '../../../bench/corpus/corpus-records.ts';
import { RECORD_KINDS } from '../../../bench/corpus/event-mix.ts';

const shape = (over: Partial<CorpusShape> = {}): CorpusShape => ({ ...DEFAULT_SHAPE, events: 3000, people: 200, eventsPerDay: 1500, ...over });
const digest = (s: CorpusShape): string => {
  const h = createHash('sha256');
  for (const r of corpusRecords(s)) h.update(`${JSON.stringify(r)}\n`);
  return h.digest('hex');
};

describe('corpusRecords', () => {
  it('is a pure function of its shape: same seed, same records; another seed, other records', () => {
    expect(digest(shape())).toBe(digest(shape()));
    expect(digest(shape({ seed: 'other' }))).not.toBe(digest(shape()));
    const first = [...corpusRecords(shape({ events: 5 }))];
    const again = [...corpusRecords(shape({ events: 5 }))];
    expect(again).toEqual(first);
  });

  it('yields records in time order with unique ids, spread over the configured days', () => {
    const records = [...corpusRecords(shape())];
    expect(records).toHaveLength(3000);
    expect(new Set(records.map((r) => `${r.source}:${r.id}`)).size).toBe(3000);
    for (let i = 1; i < records.length; i++) expect(records[i]!.time).toBeGreaterThanOrEqual(records[i - 1]!.time);
    const days = new Set(records.map((r) => Math.floor(r.time / 86_400_000)));
    expect(days.size).toBe(2);
    expect(records.filter((r) => r.stream.startsWith('elf:')).every((r) => /^0AT[0-9A-Za-z]{15}:\d+$/.test(r.id))).toBe(true);
  });

  it('covers every record kind, and every record normalizes (vendor-shaped as the normalizers expect)', () => {
    const ctx = newNormalizeContext();
    const streams = new Set<string>();
    const actions = new Set<string>();
    const principals = new Set<string>();
    for (const r of corpusRecords(shape())) {
      streams.add(r.stream);
      const out = normalizeRecord(r.source, { record: r.record, stream: r.stream, id: r.id, ref: { file: 't', line: 1 } }, ctx);
      expect(out, `${r.stream} ${r.id}`).toMatchObject({ ok: true });
      if (out.ok) for (const e of out.events) {
        actions.add(`${e.source}:${e.action}`);
        principals.add(`${e.source}:${e.actor.id}`);
        expect(e.time).toBe(r.time - (r.time % (r.source === 'salesforce' ? 1 : 1000)));
      }
    }
    expect(streams).toEqual(new Set(RECORD_KINDS.map((k) => k.stream)));
    for (const a of ['m365:file_download', 'slack:file_download', 'salesforce:report_run', 'salesforce:record_query', 'm365:mail_access']) {
      expect(actions).toContain(a);
    }
    expect(principals.size).toBeGreaterThan(200); // people are principals in up to three sources
  });

  it('serializes to envelopes of a realistic size (≥ 200 bytes per record)', () => {
    const sizes = [...corpusRecords(shape({ events: 500 }))].map((r) => JSON.stringify(r.record).length);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(200);
  });
});
