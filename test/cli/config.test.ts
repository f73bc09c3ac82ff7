import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../lib/cli/main.ts';
import { captureIo } from './capture-io.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hw-cfg-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hoardwatch config check', () => {
  it('prints the resolved config with defaults filled in', async () => {
    const f = join(dir, 'ok.json');
    writeFileSync(f, JSON.stringify({ org: { timezone: 'Europe/Berlin' }, trustedNetworks: ['198.51.100.0/24'] }));
    const io = captureIo();
    expect(await runCli(['config', 'check', f], io)).toBe(0);
    const cfg = JSON.parse(io.out());
    expect(cfg.org).toMatchObject({ timezone: 'Europe/Berlin', businessHours: { start: '08:00', end: '18:00' } });
    expect(cfg.detectors['crm.export-volume']).toMatchObject({ enabled: true, minRowsPerHour: 1000 });
    expect(io.err()).toBe(`${f}: valid\n`);
  });

  it('exits 2 listing every problem by path on one line, and for unreadable or non-JSON files', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ org: { businessHours: { days: ['funday'] } }, suppressions: [{ detector: 'x' }] }));
    const io = captureIo();
    expect(await runCli(['config', 'check', bad], io)).toBe(2);
    const line = io.err();
    expect(line.trim().split('\n')).toHaveLength(1);
    expect(line).toMatch(/^hoardwatch: invalid config .*bad\.json: /);
    for (const p of ['org.businessHours.days.0', 'suppressions.0.principal', 'suppressions.0.expires', 'suppressions.0.reason']) expect(line).toContain(p);

    const notJson = join(dir, 'not.json');
    writeFileSync(notJson, '{');
    const io2 = captureIo();
    expect(await runCli(['config', 'check', notJson], io2)).toBe(2);
    expect(io2.err()).toMatch(/not valid JSON/);
    const io3 = captureIo();
    expect(await runCli(['config', 'check', join(dir, 'absent.json')], io3)).toBe(2);
    expect(io3.err()).toMatch(/cannot read/);
  });

  it('exits 2 without the check subcommand or file', async () => {
    const io = captureIo();
    expect(await runCli(['config'], io)).toBe(2);
    expect(io.err()).toMatch(/config needs a subcommand/);
    expect(await runCli(['config', 'check'], captureIo())).toBe(2);
  });
});
