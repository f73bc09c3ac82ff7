import { UsageError } from '../cli-errors.ts';
import type { Command } from '../command.ts';
import { loadConfig } from '../load-config.ts';
import { parseOptions } from '../parse-options.ts';

const help = `Usage: hoardwatch config check <file>

Validates a Hoardwatch config file (DESIGN.md §5) and prints the resolved config: your values with every
default filled in, as the detectors will see it. An invalid file is rejected with every problem listed by
path (exit 2).

Options:
  -h, --help   this help
`;

export const configCommand: Command = {
  name: 'config',
  summary: 'config check <file>: validate a config file and print it with defaults resolved',
  help,
  async run(argv, io) {
    const { values, positionals } = parseOptions('config', argv, {});
    if (values.help) {
      io.stdout.write(help);
      return 0;
    }
    const [sub, file, ...extra] = positionals;
    if (sub !== 'check') throw new UsageError(sub ? `unknown config subcommand "${sub}"` : 'config needs a subcommand: check <file>', 'config');
    if (file === undefined) throw new UsageError('config check needs a file', 'config');
    if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`, 'config');
    const config = await loadConfig(file);
    io.stdout.write(`${JSON.stringify(config, null, 2)}\n`);
    io.stderr.write(`${file}: valid\n`);
    return 0;
  },
};
