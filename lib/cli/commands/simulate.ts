import { InputError } from '../../replay/discover-inputs.ts';
import { UsageError } from '../cli-errors.ts';
import type { Command } from '../command.ts';
import { intOption, parseOptions } from '../parse-options.ts';

const help = `Usage: hoardwatch simulate --out <dir> [--days N] [--seed S] [--end YYYY-MM-DD]

Writes realistic vendor-native audit logs of a made-up org (about 40 people at example.com) with labelled
attacks: salesforce/ (EventLogFile CSV, RTEM NDJSON), m365/ (content blobs), slack/ (audit log pages),
google-workspace/ (Reports API activity pages) and
truth.json (what happened, which detectors should fire). Same seed, days and end give identical files.

Options:
  --out <dir>          where to write (created if missing)
  --days <N>           days of activity, 3–90 (default 14)
  --seed <S>           PRNG seed, a positive integer (default 1)
  --end <YYYY-MM-DD>   day the simulation ends (UTC midnight; default 2026-11-16)
  -h, --help           this help

Then: hoardwatch replay <dir> --config samples/demo-config.json
`;

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'write vendor-native logs of a made-up org with labelled attacks',
  help,
  async run(argv, io) {
    const { values, positionals } = parseOptions('simulate', argv, {
      out: { type: 'string' },
      days: { type: 'string' },
      seed: { type: 'string' },
      end: { type: 'string' },
    });
    if (values.help) {
      io.stdout.write(help);
      return 0;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected arguments: ${positionals.join(' ')}`, 'simulate');
    if (values.out === undefined) throw new UsageError('simulate needs --out <dir>', 'simulate');
    const days = intOption('simulate', 'days', values.days, 14);
    const seed = intOption('simulate', 'seed', values.seed, 1);
    const end = values.end === undefined ? undefined : parseDay(values.end);
    const { simulate, SimulateError } = await import('../../simulate/index.ts');
    const res = await simulate({ days, seed, outDir: values.out, ...(end ? { end } : {}) }).catch((err: unknown) => {
      // Its errors are about what was asked (days out of range, an --out that holds other data): bad input.
      if (err instanceof SimulateError) throw new InputError(err.message, { cause: err });
      throw err;
    });
    const attacks = res.truth.filter((t) => !t.benign).length;
    io.stdout.write(
      `wrote ${res.files.length} files to ${values.out}: ${attacks} labelled attacks and ${res.truth.length - attacks} benign cases in truth.json\n` +
        `next: hoardwatch replay ${values.out} --config samples/demo-config.json\n`,
    );
    return 0;
  },
};

function parseDay(raw: string): Date {
  const t = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? Date.parse(`${raw}T00:00:00Z`) : NaN;
  if (!Number.isFinite(t)) throw new UsageError(`--end must be a date YYYY-MM-DD, got "${raw}"`, 'simulate');
  return new Date(t);
}
