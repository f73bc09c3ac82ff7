import type { CliIo } from './command.ts';
import { COMMANDS } from './commands/index.ts';
import { EXIT_BAD_INPUT, describeFailure } from './cli-errors.ts';
import { terminalSafe } from './terminal-text.ts';

type Registry = typeof COMMANDS;

async function usage(commands: Registry): Promise<string> {
  const rows: string[] = [];
  for (const c of commands) {
    // A command that cannot load (e.g. a module being built) must not take the help page down with it.
    const summary = await c.load().then((cmd) => cmd.summary, (err: Error) => `(unavailable: ${err.message.split('\n')[0]})`);
    rows.push(`  ${c.name.padEnd(10)}${summary}`);
  }
  return `Usage: hoardwatch <command> [options]

Hoardwatch finds people collecting data out of Salesforce, Microsoft 365 and Slack, from their audit logs.

Commands:
${rows.join('\n')}

Run \`hoardwatch <command> --help\` for a command's options. Start with \`hoardwatch demo\`.
`;
}

/** Runs `hoardwatch <argv…>`; resolves to the exit code. Failures print ONE line on stderr. */
export async function runCli(argv: string[], io: CliIo, commands: Registry = COMMANDS): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(await usage(commands));
    return name === undefined ? EXIT_BAD_INPUT : 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.stderr.write(`hoardwatch: unknown command "${name}" (see hoardwatch --help)\n`);
    return EXIT_BAD_INPUT;
  }
  try {
    const command = await entry.load();
    return await command.run(rest, io);
  } catch (err) {
    const { code, line } = describeFailure(err);
    io.stderr.write(`hoardwatch: ${terminalSafe(line)}\n`);
    if (io.env['HOARDWATCH_DEBUG'] && err instanceof Error) io.stderr.write(`${err.stack ?? ''}\n`);
    return code;
  }
}
