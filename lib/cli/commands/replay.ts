import { FileState } from '../../adapters/state/file-state.ts';
import { InputError, discoverInputs } from '../../replay/discover-inputs.ts';
import { renderAlertTable, renderAlertsNdjson } from '../alert-table.ts';
import { UsageError } from '../cli-errors.ts';
import type { Command } from '../command.ts';
import { executeReplay } from '../execute-replay.ts';
import { loadConfig } from '../load-config.ts';
import { parseOptions } from '../parse-options.ts';
import { remoteSources } from '../remote-sources.ts';
import { writeUserFile } from '../write-user-file.ts';
import { renderSummary, replayStats } from '../replay-summary.ts';

const help = `Usage: hoardwatch replay <path…|s3://bucket/prefix> [options]

Runs the detections over stored audit logs, exactly as the deployed detector does, and prints the alerts.

Inputs (files or directories, read recursively, gzip or not, format sniffed per file):
  - Hoardwatch batches written by \`hoardwatch collect\` or the collectors (NDJSON envelopes): each file is
    detected as one batch, in path order, like the detect Lambda does;
  - vendor exports: Salesforce EventLogFile CSV, SOQL results {"records":[…]} or NDJSON of RTEM events,
    Microsoft 365 content blobs (JSON arrays) or NDJSON of audit records, Slack /audit/v1/logs pages
    {"entries":[…]}, arrays or NDJSON of entries. All vendor files of one replay form one batch; records
    repeating an id already read are dropped and counted (M365 sends duplicates by design).
A file that cannot be read (corrupt gzip, bad JSON line, unknown format) is reported and the replay goes on.

Options:
  --config <file>      Hoardwatch config (JSON, DESIGN.md §5); defaults when omitted
  --state <file>       local state file (baselines, first-seen sets, recent alerts); created when missing.
                       Without it state lives in memory for this run only. Replaying the same input again
                       with the same state file yields no new alerts and counts nothing twice.
  --json               alerts as NDJSON, one alert per line (the SNS message format) instead of a table
  --out <file>         write the alerts to <file> instead of stdout
  --stats <file>       write {files, records, normalized, rejected: {<reason>: n}, alerts, …} as JSON
  --quarantine <file>  write every rejected record with its reason as NDJSON
  -h, --help           this help

Exit codes: 0 done (rejects are listed in the summary on stderr), 2 bad input (missing path, invalid config,
nothing readable), 1 internal error.
`;

export const replayCommand: Command = {
  name: 'replay',
  summary: 'detect over batches or vendor log files on disk; alerts as a table or NDJSON',
  help,
  async run(argv, io) {
    const { values, positionals } = parseOptions('replay', argv, {
      config: { type: 'string' },
      state: { type: 'string' },
      json: { type: 'boolean' },
      out: { type: 'string' },
      stats: { type: 'string' },
      quarantine: { type: 'string' },
    });
    if (values.help) {
      io.stdout.write(help);
      return 0;
    }
    if (positionals.length === 0) throw new UsageError('replay needs at least one file or directory', 'replay');
    const config = await loadConfig(values.config);
    const inputs = await discoverInputs(positionals, remoteSources);
    if (inputs.length === 0) throw new InputError(`no files to replay in ${positionals.join(', ')}`);
    // A long replay writes its state file every 30 s and at the end, not after every batch.
    const state = values.state !== undefined ? await FileState.open(values.state, { writeEveryMs: 30_000 }) : FileState.inMemory();

    const { outcome, fileRejects } = await executeReplay(inputs, { config, state, io, quarantine: values.quarantine });
    await state.flush();
    if (outcome.counts.records === 0) {
      const why = fileRejects.slice(0, 3).map((t) => `${t.file} ${t.reason}`).join(', ');
      throw new InputError(`nothing readable in ${inputs.length} file(s)${why ? `: ${why}${fileRejects.length > 3 ? ', …' : ''}` : ''}`);
    }

    const rendered = values.json ? renderAlertsNdjson(outcome.alerts) : renderAlertTable(outcome.alerts);
    if (values.out !== undefined) await writeUserFile('out', values.out, rendered);
    else io.stdout.write(rendered);
    if (values.stats !== undefined) await writeUserFile('stats', values.stats, `${JSON.stringify(replayStats(outcome), null, 2)}\n`);
    io.stderr.write(renderSummary(outcome, fileRejects));
    return 0;
  },
};
