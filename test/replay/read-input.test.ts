import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsBatchSource } from '../../lib/adapters/batches/fs-batch-source.ts';
import { fileStem, readInput } from '../../lib/replay/read-input.ts';
import type { ReadLimits } from '../../lib/replay/read-limits.ts';
import { DEFAULT_READ_LIMITS } from '../../lib/replay/read-limits.ts';
import type { RawItem, RawRecordItem } from '../../lib/pipeline/raw-item.ts';
import {
  T0, elfCsv, elfReportRow, envelopeLine, m365Download, ndjson, put, rtemApiEvent, slackBurst, slackDownload,
} from './vendor-fixtures.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hw-read-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(rel: string, limits?: Partial<ReadLimits>): Promise<RawItem[]> {
  const out: RawItem[] = [];
  for await (const it of readInput({ source: new FsBatchSource(dir), key: rel, name: rel }, { ...DEFAULT_READ_LIMITS, ...limits })) out.push(it);
  return out;
}
const records = (items: RawItem[]): RawRecordItem[] => items.filter((i): i is RawRecordItem => i.kind === 'record');
const rejects = (items: RawItem[]) => items.flatMap((i) => (i.kind === 'reject' ? [i.reject] : []));

const slack3 = slackBurst(3, T0);
const m365 = [m365Download('a1', T0, 'x.docx'), { ...m365Download('a2', T0, 'y.docx'), Workload: 'OneDrive', RecordType: '6' }];
const rtem = [rtemApiEvent('ev-1', T0, 10), rtemApiEvent('ev-2', T0 + 1000, 20)];

const cases: Array<{ name: string; file: string; text: string; expect: Array<[string, string, string]> }> = [
  {
    name: 'project batch NDJSON (envelopes)',
    file: 'raw/source=slack/stream=audit/dt=2026-11-10/hour=09/run-000001.ndjson',
    text: slack3.map((e) => envelopeLine('slack', 'audit', String(e['id']), e)).join(''),
    expect: slack3.map((e) => ['slack', 'audit', String(e['id'])]),
  },
  {
    name: 'Salesforce ELF CSV',
    file: '0AT5e00000AbCdE.csv',
    text: elfCsv([elfReportRow(0, T0, 5), elfReportRow(1, T0 + 1000, 7)]),
    expect: [['salesforce', 'elf:Report', '0AT5e00000AbCdE:0'], ['salesforce', 'elf:Report', '0AT5e00000AbCdE:1']],
  },
  {
    name: 'Salesforce SOQL results',
    file: 'api-events.json',
    text: JSON.stringify({ totalSize: 2, done: true, records: rtem }, null, 2),
    expect: [['salesforce', 'rtem:ApiEvent', 'ev-1'], ['salesforce', 'rtem:ApiEvent', 'ev-2']],
  },
  {
    name: 'Salesforce RTEM NDJSON without attributes',
    file: 'rtem.ndjson',
    text: ndjson(rtem.map(({ attributes: _a, ...r }) => r)),
    expect: [['salesforce', 'rtem:ApiEvent', 'ev-1'], ['salesforce', 'rtem:ApiEvent', 'ev-2']],
  },
  {
    name: 'M365 content blob',
    file: 'blob.json',
    text: JSON.stringify(m365),
    expect: [['m365', 'Audit.SharePoint', 'a1'], ['m365', 'Audit.SharePoint', 'a2']],
  },
  {
    name: 'M365 NDJSON',
    file: 'm365.ndjson',
    text: ndjson(m365),
    expect: [['m365', 'Audit.SharePoint', 'a1'], ['m365', 'Audit.SharePoint', 'a2']],
  },
  {
    name: 'Slack /audit/v1/logs page',
    file: 'page.json',
    text: JSON.stringify({ entries: slack3, response_metadata: { next_cursor: '' } }, null, 1),
    expect: slack3.map((e) => ['slack', 'audit', String(e['id'])]),
  },
  {
    name: 'Slack bare array and mixed-vendor NDJSON',
    file: 'mixed.ndjson',
    text: ndjson([slack3, m365[0], rtem[0]]),
    expect: [...slack3.map((e): [string, string, string] => ['slack', 'audit', String(e['id'])]), ['m365', 'Audit.SharePoint', 'a1'], ['salesforce', 'rtem:ApiEvent', 'ev-1']],
  },
];

describe('readInput formats', () => {
  for (const c of cases) {
    for (const gz of [false, true]) {
      it(`${c.name}${gz ? ' (gzip)' : ''}`, async () => {
        // gzip is told by magic bytes, not by name: the gzip variant keeps the plain name half the time.
        const rel = gz ? (c.file.length % 2 ? `${c.file}.gz` : `gz-${c.file}`) : c.file;
        put(dir, rel, c.text, gz);
        const items = await read(rel);
        expect(rejects(items)).toEqual([]);
        expect(records(items).map((r) => [r.source, r.stream, r.id])).toEqual(c.expect);
        for (const r of records(items)) expect(r.ref.file).toBe(rel);
      });
    }
  }

  it('keys ELF rows by header and refs them by line; ids use the file stem', async () => {
    put(dir, 'elf/0ATrefs.csv.gz', elfCsv([elfReportRow(0, T0, 5), elfReportRow(1, T0, 9)]), true);
    const [a, b] = records(await read('elf/0ATrefs.csv.gz'));
    expect(a!.record['ROW_COUNT']).toBe('5');
    expect(b!.record['CLIENT_IP']).toBe('185.220.101.44');
    expect([a!.ref.line, b!.ref.line]).toEqual([2, 3]);
    expect(fileStem('x/y/0ATabc.csv.gz')).toBe('0ATabc');
  });
});

describe('readInput bad input', () => {
  it('reports a malformed JSON line with its line number and keeps reading', async () => {
    put(dir, 'bad-line.ndjson', `${JSON.stringify(slack3[0])}\n{"id": oops\n\n${JSON.stringify(slack3[1])}\n`);
    const items = await read('bad-line.ndjson');
    expect(records(items)).toHaveLength(2);
    expect(rejects(items)).toEqual([expect.objectContaining({ reason: 'malformed-json', ref: { file: 'bad-line.ndjson', line: 2 } })]);
  });

  it('rejects a non-gzip body behind gzip magic as unreadable-gzip', async () => {
    writeFileSync(join(dir, 'corrupt.json.gz'), Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('not deflate at all')]));
    const items = await read('corrupt.json.gz');
    expect(records(items)).toEqual([]);
    expect(rejects(items)).toEqual([expect.objectContaining({ reason: 'unreadable-gzip', ref: { file: 'corrupt.json.gz', line: 0 } })]);
  });

  it('keeps the records before the break of a truncated gzip and says where it broke', async () => {
    const text = ndjson(Array.from({ length: 3000 }, (_, i) => slackDownload(i, T0 + i * 1000)));
    const gz = gzipSync(Buffer.from(text));
    writeFileSync(join(dir, 'trunc.ndjson.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
    const items = await read('trunc.ndjson.gz');
    const got = records(items).length;
    expect(got).toBeGreaterThan(0);
    expect(got).toBeLessThan(3000);
    expect(rejects(items)).toEqual([expect.objectContaining({ reason: 'unreadable-gzip', ref: { file: 'trunc.ndjson.gz', line: got } })]);
  });

  it('rejects an unknown format, an empty file, and JSON that holds no audit records, once per file', async () => {
    put(dir, 'notes.txt', 'hello\nworld\n');
    put(dir, 'empty.json', '\n\n');
    put(dir, 'truth.json', JSON.stringify([{ id: 'attack-1', technique: 'T1213.004' }, { id: 'attack-2' }]));
    expect(rejects(await read('notes.txt'))).toEqual([expect.objectContaining({ reason: 'unknown-format' })]);
    expect(rejects(await read('empty.json'))).toEqual([expect.objectContaining({ reason: 'empty-input' })]);
    expect(rejects(await read('truth.json'))).toEqual([expect.objectContaining({ reason: 'unknown-format' })]);
  });

  it('rejects a broken whole document and an unparseable envelope line', async () => {
    put(dir, 'broken.json', '[\n{"Id": "a",\n');
    expect(rejects(await read('broken.json'))).toEqual([expect.objectContaining({ reason: 'malformed-json' })]);
    put(dir, 'batch.ndjson', envelopeLine('slack', 'audit', 'ok-1', slack3[0]!) + '{"v":1,"source":"myspace","stream":"s","id":"x","fetchedAt":"t","record":{}}\n');
    const items = await read('batch.ndjson');
    expect(records(items).map((r) => r.id)).toEqual(['ok-1']);
    expect(rejects(items)).toEqual([expect.objectContaining({ reason: 'invalid-envelope', ref: { file: 'batch.ndjson', line: 2 } })]);
  });

  it('skips a malformed ELF row as malformed-csv and keeps the rest', async () => {
    const good = elfCsv([elfReportRow(0, T0, 5), elfReportRow(1, T0, 6)]).split('\n');
    put(dir, 'rows.csv', [good[0], good[1], '"Report","only","three"', good[2], ''].join('\n'));
    const items = await read('rows.csv');
    expect(records(items).map((r) => r.record['ROW_COUNT'])).toEqual(['5', '6']);
    expect(rejects(items)).toEqual([expect.objectContaining({ reason: 'malformed-csv', ref: { file: 'rows.csv', line: 3 } })]);
  });

  it('rejects records of no known vendor and records without an id, naming the reason', async () => {
    const { id: _id, ...noId } = slack3[0]!;
    put(dir, 'odd.ndjson', ndjson([slack3[0], { hello: 'world' }, noId]));
    expect(rejects(await read('odd.ndjson')).map((r) => r.reason)).toEqual(['unknown-record', 'missing-id']);
  });

  it('reports a file that vanished as unreadable-file', async () => {
    expect(rejects(await read('no-such-file.json'))).toEqual([expect.objectContaining({ reason: 'unreadable-file' })]);
  });
});

describe('readInput side files and empty pages', () => {
  it('reads our own metadata (simulate truth.json) as no records and no rejects', async () => {
    put(dir, 'sim/truth.json', JSON.stringify({ kind: 'hoardwatch.simulate.truth', version: 1, entries: [{ id: 'a1', technique: 'T1213.004' }] }, null, 2));
    expect(await read('sim/truth.json')).toEqual([]);
  });

  it('keeps reading NDJSON pages after an empty first page', async () => {
    put(dir, 'pages.ndjson', ndjson([{ entries: [] }, { entries: slack3 }]));
    expect(records(await read('pages.ndjson'))).toHaveLength(3);
  });
});

describe('readInput limits and hostile bytes', () => {
  const KiB = 1024;
  const entry = (i: number, name = 'Alice Example'): Record<string, unknown> => {
    const e = slackDownload(i, T0);
    (e['actor'] as { user: Record<string, unknown> }).user['name'] = name;
    return e;
  };

  it('rejects a line over the line limit as line-too-long in its place, and reads the lines after it', async () => {
    const text = ndjson([entry(1), entry(2, 'x'.repeat(40 * KiB)), entry(3)]);
    for (const [rel, gz] of [['long.ndjson', false], ['long.ndjson.gz', true]] as const) {
      put(dir, rel, text, gz);
      const items = await read(rel, { lineBytes: 16 * KiB });
      expect(records(items).map((r) => [r.id, r.ref.line])).toEqual([[String(entry(1)['id']), 1], [String(entry(3)['id']), 3]]);
      const bytes = JSON.stringify(entry(2, 'x'.repeat(40 * KiB))).length.toLocaleString('en-US');
      expect(rejects(items)).toEqual([{ reason: 'line-too-long', ref: { file: rel, line: 2 }, detail: `line of ${bytes} bytes, more than the 16,384 bytes line limit: skipped` }]);
    }
  });

  it('does the same for a huge first line (read as JSON lines, not as one document) and in project batches', async () => {
    put(dir, 'first-long.ndjson', ndjson([entry(1, 'y'.repeat(2 * 1024 * KiB)), entry(2)]));
    const items = await read('first-long.ndjson', { lineBytes: 1024 * KiB });
    expect(records(items).map((r) => r.ref.line)).toEqual([2]);
    expect(rejects(items).map((r) => [r.reason, r.ref.line])).toEqual([['line-too-long', 1]]);

    const batch = [entry(1), entry(2, 'z'.repeat(40 * KiB)), entry(3)].map((e) => envelopeLine('slack', 'audit', String(e['id']), e)).join('');
    put(dir, 'raw/long-batch.ndjson.gz', batch, true);
    const b = await read('raw/long-batch.ndjson.gz', { lineBytes: 16 * KiB });
    expect(records(b).map((r) => r.ref.line)).toEqual([1, 3]);
    expect(records(b)[0]!.collectedAt).toBe(Date.parse('2026-11-10T12:00:00Z'));
    expect(rejects(b).map((r) => [r.reason, r.ref.line])).toEqual([['line-too-long', 2]]);
  });

  it('rejects a line of invalid UTF-8 as invalid-utf8 and keeps the others', async () => {
    const bad = Buffer.concat([Buffer.from('{"id":"bad","date_create":1,"action":"x","actor":{"user":{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}}}\n')]);
    writeFileSync(join(dir, 'utf8.ndjson'), Buffer.concat([Buffer.from(ndjson([entry(1)])), bad, Buffer.from(ndjson([entry(3)]))]));
    const items = await read('utf8.ndjson');
    expect(records(items).map((r) => r.ref.line)).toEqual([1, 3]);
    expect(rejects(items)).toEqual([expect.objectContaining({ reason: 'invalid-utf8', ref: { file: 'utf8.ndjson', line: 2 } })]);
  });

  it('stops a gzip input that inflates past its budget with decompressed-too-large, keeping what came before', async () => {
    // 1,000 entries then a run of zeros: a gzip bomb after a real start.
    const head = ndjson(Array.from({ length: 1000 }, (_, i) => slackDownload(i, T0 + i)));
    writeFileSync(join(dir, 'bomb.ndjson.gz'), gzipSync(Buffer.concat([Buffer.from(head), Buffer.alloc(64 * 1024 * KiB)])));
    const items = await read('bomb.ndjson.gz', { gunzipBytes: 8 * 1024 * KiB });
    expect(records(items)).toHaveLength(1000);
    expect(rejects(items)).toEqual([expect.objectContaining({ reason: 'decompressed-too-large', detail: expect.stringContaining('8 MiB') })]);
  });

  it('rejects a pretty-printed document over the document limit once, without parsing it', async () => {
    put(dir, 'big-doc.json', JSON.stringify({ entries: Array.from({ length: 400 }, (_, i) => slackDownload(i, T0)) }, null, 2));
    const items = await read('big-doc.json', { documentBytes: 64 * KiB });
    expect(records(items)).toEqual([]);
    expect(rejects(items)).toEqual([expect.objectContaining({ reason: 'document-too-large', ref: { file: 'big-doc.json', line: 1 } })]);
    expect(records(await read('big-doc.json'))).toHaveLength(400);
  });

  it('rejects an ELF row over the line limit or of invalid UTF-8 by itself, with its line, and reads the rest', async () => {
    const rows = elfCsv([elfReportRow(0, T0, 5), { ...elfReportRow(1, T0, 6), ENTITY_NAME: 'E'.repeat(40 * KiB) }, elfReportRow(2, T0, 7), elfReportRow(3, T0, 8)]).split('\n');
    const badRow = Buffer.from(rows[4]!.replace('Contact', 'Cont\u0001ct'));
    badRow[badRow.indexOf(1)] = 0xff;
    const file = Buffer.concat([Buffer.from(rows.slice(0, 4).join('\n') + '\n'), badRow, Buffer.from('\n')]);
    writeFileSync(join(dir, 'elf-hostile.csv.gz'), gzipSync(file));
    const items = await read('elf-hostile.csv.gz', { lineBytes: 16 * KiB });
    expect(records(items).map((r) => [r.record['ROW_COUNT'], r.ref.line])).toEqual([['5', 2], ['7', 4]]);
    expect(rejects(items).map((r) => [r.reason, r.ref.line, r.source])).toEqual([['line-too-long', 3, 'salesforce'], ['invalid-utf8', 5, 'salesforce']]);
  });

  it('rejects a whole document of invalid UTF-8, a CSV whose header is too long, and reads a BOM before NDJSON', async () => {
    writeFileSync(join(dir, 'latin1-doc.json'), Buffer.from(`[\n${JSON.stringify(m365Download('a1', T0, 'Ren\u00e9e.docx'))}\n]\n`, 'latin1'));
    expect(rejects(await read('latin1-doc.json'))).toEqual([expect.objectContaining({ reason: 'invalid-utf8', ref: { file: 'latin1-doc.json', line: 1 } })]);

    const header = ['EVENT_TYPE', ...Array.from({ length: 3000 }, (_, i) => `COLUMN_${i}`)].map((c) => `"${c}"`).join(',');
    put(dir, 'wide.csv', `${header}\n"Report"\n`);
    expect(rejects(await read('wide.csv', { lineBytes: 16 * KiB }))).toEqual([expect.objectContaining({ reason: 'line-too-long', detail: expect.stringContaining('CSV header') })]);

    put(dir, 'bom.ndjson', `\uFEFF${ndjson([entry(1), entry(2)])}`);
    const bom = await read('bom.ndjson');
    expect([records(bom).length, rejects(bom)]).toEqual([2, []]);
  });

  it('counts every record of a file recognised by its shape: M365 records without Operation or Id are rejected one by one', async () => {
    const noOperation = Array.from({ length: 15 }, (_, i) => {
      const { Operation: _op, ...r } = m365Download(`m-${i}`, T0, `f${i}.docx`);
      return r;
    });
    put(dir, 'no-operation.json', JSON.stringify(noOperation));
    const items = await read('no-operation.json');
    expect(rejects(items)).toEqual([]);
    expect(records(items).map((r) => [r.source, r.id])).toEqual(noOperation.map((r) => ['m365', r['Id']]));

    put(dir, 'no-id.json', JSON.stringify(noOperation.map(({ Id: _id, ...r }) => r)));
    expect(rejects(await read('no-id.json')).map((r) => [r.reason, r.source])).toEqual(Array.from({ length: 15 }, () => ['missing-id', 'm365']));
  });
});
