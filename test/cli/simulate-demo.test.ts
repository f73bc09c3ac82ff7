import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../lib/cli/main.ts';
import { captureIo } from './capture-io.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hw-sim-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hoardwatch simulate', () => {
  it('writes the vendor folders and truth.json, and says what to run next', async () => {
    const out = join(dir, 'logs');
    const io = captureIo();
    expect(await runCli(['simulate', '--days', '3', '--seed', '5', '--out', out, '--end', '2026-11-16'], io)).toBe(0);
    expect(io.out()).toMatch(new RegExp(`^wrote \\d+ files to ${out}: \\d+ labelled attacks and \\d+ benign cases in truth.json\\n`));
    expect(io.out()).toContain(`next: hoardwatch replay ${out}`);
    for (const f of ['truth.json', 'salesforce', 'm365', 'slack']) expect(existsSync(join(out, f))).toBe(true);
  });

  it('exits 2 on bad options and on an --out that holds other data', async () => {
    for (const argv of [['simulate'], ['simulate', '--out', dir, '--days', 'x'], ['simulate', '--out', dir, '--end', '16.11.2026'], ['simulate', '--out', dir, '--days', '1']]) {
      const io = captureIo();
      expect(await runCli(argv, io), argv.join(' ')).toBe(2);
      expect(io.err().trim().split('\n')).toHaveLength(1);
    }
    const foreign = join(dir, 'foreign');
    mkdirSync(join(foreign, 'slack'), { recursive: true });
    writeFileSync(join(foreign, 'slack', 'mine.json'), '[]');
    const io = captureIo();
    expect(await runCli(['simulate', '--out', foreign, '--days', '3'], io)).toBe(2);
    expect(io.err()).toMatch(/refusing to overwrite/);
  });
});

describe('hoardwatch demo', () => {
  it('simulates, replays with the shipped config, catches the labelled attacks and explains what to do next', async () => {
    const io = captureIo();
    expect(await runCli(['demo'], io)).toBe(0);
    const out = io.out();
    expect(out).toMatch(/SEVERITY\s+TIER\s+DETECTOR/);
    const m = /Caught (\d+) of (\d+) labelled attacks/.exec(out);
    expect(m).not.toBeNull();
    expect(Number(m![2])).toBeGreaterThanOrEqual(5);
    expect(Number(m![1])).toBe(Number(m![2]));
    expect(out).not.toContain('false escalation');
    expect(out).toContain('What to try next');
    expect(io.err()).toMatch(/rejected 0\n/);
  });
});
