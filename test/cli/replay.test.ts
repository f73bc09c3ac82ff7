import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AlertSchema } from '../../lib/core/alert.ts';
import { runCli } from '../../lib/cli/main.ts';
import { T0, m365Download, put, slackBurst } from '../replay/vendor-fixtures.ts';
import { captureIo } from './capture-io.ts';

const BIN = fileURLToPath(new URL('../../bin/hoardwatch.js', import.meta.url));

/** Runs the real CLI in a child process. */
function hoardwatch(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

let dir: string;
let logs: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hw-cli-'));
  logs = join(dir, 'logs');
  put(logs, 'slack/page.json', JSON.stringify({ entries: [...slackBurst(40, T0 + 13 * 3600_000), ...slackBurst(12, T0 + 3 * 3600_000, 900)] }));
  put(logs, 'm365/blob.json.gz', JSON.stringify([m365Download('d1', T0, 'a.docx'), m365Download('d1', T0, 'a.docx')]), true);
  writeFileSync(join(logs, 'broken.ndjson.gz'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00]));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hoardwatch replay (child process)', () => {
  it('exits 0, writes --stats and NDJSON alerts (DESIGN §4 fields), and lists the unreadable file on stderr', async () => {
    const stats = join(dir, 'stats.json');
    const r = await hoardwatch(['replay', logs, '--json', '--stats', stats]);
    expect(r.code).toBe(0);
    const alerts = r.stdout.trim().split('\n').map((l) => AlertSchema.parse(JSON.parse(l)));
    expect(alerts.length).toBeGreaterThan(0);
    expect(Object.keys(JSON.parse(r.stdout.split('\n')[0]!))).toEqual(expect.arrayContaining(
      ['id', 'detector', 'technique', 'title', 'severity', 'score', 'principal', 'window', 'triage', 'escalation', 'evidence', 'playbook']));
    const s = JSON.parse(readFileSync(stats, 'utf8'));
    expect(s).toMatchObject({ files: 3, records: 54, duplicates: 1, alerts: alerts.length });
    expect(s.normalized).toBeGreaterThanOrEqual(52);
    expect(s.rejected['unreadable-gzip']).toBe(1);
    const rejected = Object.values(s.rejected as Record<string, number>).reduce((x, y) => x + y, 0);
    expect(s.read).toBe(55); // 54 records and the unreadable file
    expect(s.normalized + s.duplicates + rejected).toBe(s.read);
    expect(r.stderr).toContain(`${join(logs, 'broken.ndjson.gz')}: unreadable-gzip`);
    expect(r.stderr).toMatch(/alerts \d+ \(/);
  });

  it('exits 2 with one line for a missing path, an invalid config (every issue by path) and nothing readable', async () => {
    const cfg = join(dir, 'bad-config.json');
    writeFileSync(cfg, JSON.stringify({ org: { timezone: 'Mars/Olympus', businessHours: { start: '25:00' } }, trustedNetworks: ['not-an-ip'], colour: 'blue' }));
    const junk = join(dir, 'junk');
    put(junk, 'a.txt', 'hello');
    const [missing, bad, nothing] = await Promise.all([
      hoardwatch(['replay', join(dir, 'nope')]), hoardwatch(['replay', logs, '--config', cfg]), hoardwatch(['replay', junk]),
    ]);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toBe(`hoardwatch: ${join(dir, 'nope')}: no such file or directory\n`);

    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    for (const path of ['org.timezone', 'org.businessHours.start', 'trustedNetworks.0', 'colour']) expect(bad.stderr).toContain(path);

    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toBe(`hoardwatch: nothing readable in 1 file(s): ${join(junk, 'a.txt')} unknown-format\n`);
  });

  it('exits 2 on a --as-of that is no time and a --max-gunzip-mib that is no positive number', async () => {
    const [asOf, gunzip] = await Promise.all([
      hoardwatch(['replay', logs, '--as-of', 'last tuesday']), hoardwatch(['replay', logs, '--max-gunzip-mib', '0']),
    ]);
    expect(asOf).toMatchObject({ code: 2, stdout: '' });
    expect(asOf.stderr).toMatch(/--as-of must be an ISO 8601 time/);
    expect(gunzip.code).toBe(2);
    expect(gunzip.stderr).toMatch(/--max-gunzip-mib must be a positive integer, got "0"/);
  });

  it('--workers: the same alerts with 1 and 3 worker threads; exits 2 on 0 or more than 64', async () => {
    const [one, three, zero, many] = await Promise.all([
      hoardwatch(['replay', logs, '--json', '--workers', '1']), hoardwatch(['replay', logs, '--json', '--workers', '3']),
      hoardwatch(['replay', logs, '--workers', '0']), hoardwatch(['replay', logs, '--workers', '65']),
    ]);
    expect(one.code).toBe(0);
    expect(one.stdout.trim().split('\n').length).toBeGreaterThan(0);
    expect(three).toMatchObject({ code: 0, stdout: one.stdout });
    expect(zero.stderr).toMatch(/--workers must be a positive integer, got "0"/);
    expect(many).toMatchObject({ code: 2 });
    expect(many.stderr).toMatch(/--workers: at most 64/);
  });

  it('exits 2 on an unknown option and prints help with --help', async () => {
    const [bad, help] = await Promise.all([hoardwatch(['replay', logs, '--bogus']), hoardwatch(['replay', '--help'])]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^hoardwatch: Unknown option '--bogus'\. \(see hoardwatch replay --help\)\n$/);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--state <file>');
  });
});

describe('hoardwatch replay (in process)', () => {
  it('prints a table sorted by time, writes --out instead of stdout, and a second run on the same --state adds no alerts', async () => {
    const state = join(dir, 'state.json');
    const out = join(dir, 'alerts.txt');
    const io = captureIo();
    expect(await runCli(['replay', logs, '--state', state, '--out', out], io)).toBe(0);
    expect(io.out()).toBe('');
    const table = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(table[0]).toMatch(/^SEVERITY\s+TIER\s+DETECTOR\s+PRINCIPAL\s+WINDOW \(UTC\)\s+TITLE$/);
    const windows = table.slice(1).map((l) => /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.exec(l)![0]);
    expect(table.length).toBeGreaterThan(1);
    expect(windows).toEqual([...windows].sort());

    const again = captureIo();
    expect(await runCli(['replay', logs, '--state', state], again)).toBe(0);
    expect(again.out()).toBe('No alerts.\n');
    expect(again.err()).toMatch(/alerts 0/);
  });

  it('--as-of is the collection time of vendor files: later records are implausible-time, with a hint', async () => {
    const before = captureIo();
    const stats = join(dir, 'as-of-stats.json');
    // The Slack burst runs 22:00–22:13Z on 2026-11-10; the M365 downloads are at 09:00Z.
    expect(await runCli(['replay', logs, '--as-of', '2026-11-10T12:00:00Z', '--stats', stats], before)).toBe(0);
    const s = JSON.parse(readFileSync(stats, 'utf8'));
    expect(s.rejected['implausible-time']).toBe(40);
    expect(before.err()).toMatch(/implausible-time: dated over 15 min after collection .*--as-of/);
  });

  it('exits 2 for a corrupt state file, naming it', async () => {
    const state = join(dir, 'corrupt-state.json');
    writeFileSync(state, '{oops');
    const io = captureIo();
    expect(await runCli(['replay', logs, '--state', state], io)).toBe(2);
    expect(io.err()).toMatch(/^hoardwatch: state file .*corrupt-state\.json: not valid JSON/);
  });
});
