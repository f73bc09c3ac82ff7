import { availableParallelism } from 'node:os';
import { FileState } from '../../adapters/state/file-state.ts';
import { InputError, discoverInputs } from '../../replay/discover-inputs.ts';
import { renderAlertTable, renderAlertsNdjson } from '../alert-table.ts';
import { UsageError } from '../cli-errors.ts';
import type { Command } from '../command.ts';
import { executeReplay } from '../execute-replay.ts';
import { loadConfig } from '../load-config.ts';
import { intOption, parseOptions, timeOption } from '../parse-options.ts';
import { DEFAULT_READ_LIMITS } from '../../replay/read-limits.ts';
import { remoteSources } from '../remote-sources.ts';
import { writeUserFile } from '../write-user-file.ts';
import { renderSummary, replayStats } from '../replay-summary.ts';

const MiB = 1024 * 1024;
const MAX_WORKERS = 64;

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
  --stats <file>       write {files, read, records, normalized, duplicates, rejected: {<reason>: n}, alerts, …}
                       as JSON; normalized + duplicates + all rejected = read
  --quarantine <file>  write every rejected record with its reason as NDJSON (records cut to 64 KiB, 32 levels)
  --as-of <time>       judge the replay as of this ISO time instead of now: vendor files count as collected then,
                       so records more than 15 min after it or 400 days before it are rejected (implausible-time)
  --workers <n>        threads judging the principals, split by a stable hash of each principal (this
                       machine has ${availableParallelism()} cores); the alerts are exactly those of --workers 1 (the
                       default: reading and normalizing stay on the main thread, which bounds the gain today)
  --max-gunzip-mib <n> stop a gzip input once it inflates past n MiB (default 4096): a gzip bomb is rejected
                       as decompressed-too-large and the replay goes on
  -h, --help           this help

Limits on hostile input: a line longer than 16 MiB (line-too-long) or not valid UTF-8 (invalid-utf8) and a
pretty-printed JSON document over 64 MiB (document-too-large) are rejected by themselves, without being held.

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
      'as-of': { type: 'string' },
      'max-gunzip-mib': { type: 'string' },
      workers: { type: 'string' },
    });
    if (values.help) {
      io.stdout.write(help);
      return 0;
    }
    if (positionals.length === 0) throw new UsageError('replay needs at least one file or directory', 'replay');
    const asOf = timeOption('replay', 'as-of', values['as-of']);
    const limits = { ...DEFAULT_READ_LIMITS, gunzipBytes: intOption('replay', 'max-gunzip-mib', values['max-gunzip-mib'], DEFAULT_READ_LIMITS.gunzipBytes / MiB) * MiB };
    const workers = intOption('replay', 'workers', values.workers, 1);
    if (workers > MAX_WORKERS) throw new UsageError(`--workers: at most ${MAX_WORKERS} (each is a thread with its own heap), got ${workers}`, 'replay');
    const config = await loadConfig(values.config);
    const inputs = await discoverInputs(positionals, remoteSources);
    if (inputs.length === 0) throw new InputError(`no files to replay in ${positionals.join(', ')}`);
    // A long replay writes its state file every 30 s and at the end, not after every batch.
    const state = values.state !== undefined ? await FileState.open(values.state, { writeEveryMs: 30_000 }) : FileState.inMemory();

    const { outcome, fileRejects } = await executeReplay(inputs, { config, state, io, quarantine: values.quarantine, asOf, limits, workers });
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
