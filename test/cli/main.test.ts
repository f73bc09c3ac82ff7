import { describe, expect, it } from 'vitest';
import { runCli } from '../../lib/cli/main.ts';
import { UsageError } from '../../lib/cli/cli-errors.ts';
import type { Command } from '../../lib/cli/command.ts';
import { captureIo } from './capture-io.ts';

const command = (name: string, run: Command['run']): { name: string; load: () => Promise<Command> } => ({
  name, load: async () => ({ name, summary: `${name} things`, help: `${name} help\n`, run }),
});

describe('runCli', () => {
  it('lists commands with their summaries on --help, and survives one that cannot load', async () => {
    const io = captureIo();
    const code = await runCli(['--help'], io, [command('ok', () => 0), { name: 'broken', load: () => Promise.reject(new Error('Cannot find module x')) }]);
    expect(code).toBe(0);
    expect(io.out()).toMatch(/ok\s+ok things/);
    expect(io.out()).toMatch(/broken\s+\(unavailable: Cannot find module x\)/);
  });

  it('exits 2 on an unknown command and without a command', async () => {
    const io = captureIo();
    expect(await runCli(['frobnicate'], io, [])).toBe(2);
    expect(io.err()).toBe('hoardwatch: unknown command "frobnicate" (see hoardwatch --help)\n');
    expect(await runCli([], captureIo(), [])).toBe(2);
  });

  it('maps a usage error to exit 2 and anything unexpected to exit 1, each with ONE line on stderr', async () => {
    const usage = captureIo();
    expect(await runCli(['x'], usage, [command('x', () => { throw new UsageError('needs --out', 'x'); })])).toBe(2);
    expect(usage.err()).toBe('hoardwatch: needs --out (see hoardwatch x --help)\n');

    const internal = captureIo();
    expect(await runCli(['x'], internal, [command('x', async () => { throw new TypeError('boom\nat line 2'); })])).toBe(1);
    expect(internal.err()).toBe('hoardwatch: internal error: boom; at line 2\n');
  });

  it('passes the arguments after the command name and returns its exit code', async () => {
    let got: string[] = [];
    expect(await runCli(['x', 'a', '--b'], captureIo(), [command('x', (argv) => { got = argv; return 0; })])).toBe(0);
    expect(got).toEqual(['a', '--b']);
  });
});
