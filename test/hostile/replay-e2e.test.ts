import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AlertSchema } from '../../lib/core/alert.ts';
import type { Alert } from '../../lib/core/alert.ts';
import {
  AS_OF, CLEAN_PEOPLE, writeClean, writeControlCharacters, writeGzipBomb, writeHugeLine, writeSmallHostile,
} from './hostile-inputs.ts';

const BIN = fileURLToPath(new URL('../../bin/hoardwatch.js', import.meta.url));
const PEAK_RSS = fileURLToPath(new URL('./report-peak-rss.mjs', import.meta.url));
const GiB = 1024 ** 3;

interface Run { code: number; stdout: string; stderr: string; peakRss: number; stats: Record<string, unknown> & { rejected: Record<string, number> } }

/** `hoardwatch replay <dir> --json --stats --quarantine --as-of` in a child process, with its peak RSS. */
function replayChild(dir: string, work: string, name: string): Promise<Run> {
  const rssFile = join(work, `${name}.rss`);
  const stats = join(work, `${name}.stats.json`);
  const args = ['--import', PEAK_RSS, BIN, 'replay', dir, '--json', '--stats', stats, '--quarantine', join(work, `${name}.quarantine.ndjson`),
    '--as-of', new Date(AS_OF).toISOString()];
  return new Promise((done) => {
    execFile(process.execPath, args, { env: { ...process.env, NO_COLOR: '1', HW_PEAK_RSS_FILE: rssFile }, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      const read = (f: string) => { try { return readFileSync(f, 'utf8'); } catch { return ''; } };
      done({ code, stdout, stderr, peakRss: Number(read(rssFile)), stats: JSON.parse(read(stats) || '{"rejected":{}}') });
    });
  });
}

const alertsOf = (stdout: string, root: string): unknown =>
  JSON.parse(JSON.stringify(stdout.trim().split('\n').filter(Boolean).map((l) => AlertSchema.parse(JSON.parse(l)))
    .filter((a: Alert) => CLEAN_PEOPLE.includes(a.principal.id))).replaceAll(`${root}/`, ''));

let work: string;
let clean: string;
let hostile: string;
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'hw-e2e-'));
  clean = join(work, 'clean');
  hostile = join(work, 'hostile');
  writeClean(clean);
  writeClean(hostile);
  writeSmallHostile(hostile);
  writeControlCharacters(hostile);
  // 120 MiB in one line (the review's 560 MB line took 1.28 GB and exit 1), and 4.2 GiB of zeros from 4 MB of gzip.
  await writeHugeLine(join(hostile, 'vendor/slack/huge-line.ndjson.gz'), 120);
  writeGzipBomb(join(hostile, 'vendor/slack/bomb.ndjson.gz'), 4200);
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('hoardwatch replay on a hostile directory (child process)', () => {
  it('exits 0, counts every record, stays under 1 GiB and judges the same people exactly as without the hostile input', async () => {
    expect(statSync(join(hostile, 'vendor/slack/bomb.ndjson.gz')).size).toBeLessThan(8 * 1024 * 1024);
    const [a, b] = await Promise.all([replayChild(clean, work, 'clean'), replayChild(hostile, work, 'hostile')]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);

    const s = b.stats as { read: number; normalized: number; duplicates: number; rejected: Record<string, number> };
    expect(s.normalized + s.duplicates + Object.values(s.rejected).reduce((x, y) => x + y, 0)).toBe(s.read);
    expect(s.rejected).toMatchObject({
      'implausible-time': 101, 'line-too-long': 1, 'decompressed-too-large': 1, 'missing-actor': 1, 'missing-operation': 15, 'invalid-utf8': 1,
    });
    expect(b.stderr).toMatch(/huge-line\.ndjson\.gz: line-too-long at line 2 \(line of 120 MiB, more than the 16 MiB line limit: skipped\)/);
    expect(b.stderr).toMatch(/bomb\.ndjson\.gz: decompressed-too-large .*4 GiB/);

    expect(b.peakRss).toBeGreaterThan(0);
    expect(b.peakRss).toBeLessThan(GiB);
    expect(alertsOf(b.stdout, hostile)).toEqual(alertsOf(a.stdout, clean));
    expect(alertsOf(a.stdout, clean)).toHaveLength(4);

    // The deep record is in the quarantine file, cut with a marker.
    const deep = readFileSync(join(work, 'hostile.quarantine.ndjson'), 'utf8').split('\n').find((l) => l.includes('"deep-1"'));
    expect(deep).toContain('nested deeper than 32 levels');
  }, 120_000);
});
