import { resolve } from 'node:path';
import { FsBatchSink } from '../../adapters/batches/fs-batch-sink.ts';
import { FileCheckpointStore } from '../../adapters/checkpoints/file-checkpoint-store.ts';
import { FileDedupeBackend } from '../../adapters/dedupe/file-dedupe-backend.ts';
import { formatStatus } from '../collect-status.ts';
import { VendorError } from '../../sources/http/errors.ts';
import { Redactor } from '../../sources/http/redact.ts';
import type { CollectorFactory } from '../../sources/run/collector.ts';
import { CollectorSetupError, MissingCredentialsError } from '../../sources/run/errors.ts';
import { formatRunSummary } from '../../sources/run/summary.ts';
import { describeFailure, EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, UsageError } from '../cli-errors.ts';
import type { CliIo, Command } from '../command.ts';
import { parseOptions } from '../parse-options.ts';

const help = `Usage: hoardwatch collect <salesforce|m365|slack|google-workspace|okta> --out <dir> --state <file> [--since <ISO time>]
       hoardwatch collect --status --state <file> [salesforce|m365|slack|google-workspace|okta]

Runs one collection, as the scheduled Lambda does: takes the source's lease, pulls new audit records from the
vendor API since the checkpoint in --state, drops records already written (dedupe buckets in <file>.dedupe/),
writes gzip NDJSON batches under --out (raw/source=…/…ndjson.gz), checkpoints after each durable write, and prints
a one-line summary. Run it again to continue.

Options:
  --out <dir>        where batches go (created if missing)
  --state <file>     collector checkpoints and leases (JSON; created if missing), with what was written in
                     <file>.dedupe/. Use a file of its own, not the --state file of replay
  --since <ISO>      first-run lookback start (default: 7 days ago); ignored once a checkpoint exists
  --status           print each source's collection health from --state (lag, newest event, last run) and exit
  -h, --help         this help

Credentials come from the environment:
  slack        SLACK_TOKEN (xoxp user token, auditlogs:read); SLACK_API_BASE_URL (default https://api.slack.com)
  m365         see lib/sources/m365 (M365_* variables)
  salesforce   see lib/sources/salesforce (SALESFORCE_* variables)
  google-workspace  GOOGLE_WORKSPACE_CLIENT_EMAIL, GOOGLE_WORKSPACE_PRIVATE_KEY (service account, domain-wide
               delegation), GOOGLE_WORKSPACE_SUBJECT (the admin to act as); see lib/sources/google-workspace
  okta         OKTA_ORG_URL and OKTA_API_TOKEN (SSWS), or OKTA_CLIENT_ID + OKTA_PRIVATE_KEY (OAuth service app with
               okta.logs.read; optional OKTA_KEY_ID); optional OKTA_PAGE_LIMIT, OKTA_OVERLAP_SECONDS, OKTA_RATE_RESERVE

Exit codes: 0 done (also when another run holds the lease), 2 bad arguments or missing credentials,
1 vendor, configuration or internal failure.
`;

const FACTORIES: Record<string, () => Promise<CollectorFactory>> = {
  slack: async () => (await import('../../sources/slack/index.ts')).collectorFromEnv,
  // Vendor factories may return a richer Collector and accept extra options; the CLI needs only this much.
  m365: async () => (await import('../../sources/m365/index.ts')).collectorFromEnv as CollectorFactory,
  salesforce: async () => (await import('../../sources/salesforce/index.ts')).collectorFromEnv as CollectorFactory,
  'google-workspace': async () => (await import('../../sources/google-workspace/index.ts')).collectorFromEnv,
  okta: async () => (await import('../../sources/okta/index.ts')).collectorFromEnv,
};

export const collectCommand: Command = {
  name: 'collect',
  summary: 'pull new audit records from one vendor API into local batches',
  help,
  async run(argv, io) {
    // Defence in depth: whatever a message carries, values of credential-looking variables never reach the terminal.
    const redactor = new Redactor(
      Object.entries(io.env).filter(([k]) => /TOKEN|SECRET|PASSWORD|PRIVATE|KEY/i.test(k)).map(([, v]) => v ?? ''),
    );
    const fail = (code: number, line: string): number => {
      io.stderr.write(`${redactor.redact(line)}\n`);
      return code;
    };
    try {
      return await collect(argv, io, redactor);
    } catch (err) {
      if (err instanceof UsageError) return fail(EXIT_BAD_INPUT, describeFailure(err).line);
      if (err instanceof MissingCredentialsError || err instanceof CollectorSetupError) return fail(EXIT_BAD_INPUT, err.message);
      if (err instanceof VendorError) return fail(EXIT_INTERNAL, `collect failed: ${err.message}`);
      const e = err instanceof Error ? err : new Error(String(err));
      const cause = e.cause instanceof Error ? ` (${e.cause.message})` : '';
      return fail(EXIT_INTERNAL, `collect failed: ${e.message}${cause}`.replace(/\s*\n\s*/g, '; '));
    }
  },
};

async function collect(argv: string[], io: CliIo, redactor: Redactor): Promise<number> {
  const { values, positionals } = parseOptions('collect', argv, {
    out: { type: 'string' },
    state: { type: 'string' },
    since: { type: 'string' },
    status: { type: 'boolean' },
  });
  if (values.help) {
    io.stdout.write(help);
    return EXIT_OK;
  }
  const [source, ...extra] = positionals;
  if (values.status) {
    if (values.state === undefined) throw new UsageError('collect --status needs --state <file>', 'collect');
    if (extra.length > 0 || (source !== undefined && !Object.hasOwn(FACTORIES, source))) throw new UsageError(`unexpected arguments: ${positionals.join(' ')}`, 'collect');
    const sources = source === undefined ? Object.keys(FACTORIES) : [source];
    const store = new FileCheckpointStore(resolve(values.state));
    const now = Date.now();
    for (const s of sources) io.stdout.write(`${redactor.redact(formatStatus(s, (await store.get<unknown>(s))?.cursor, now))}\n`);
    return EXIT_OK;
  }
  if (source === undefined) throw new UsageError('collect needs a source: salesforce, m365, slack, google-workspace or okta', 'collect');
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`, 'collect');
  const load = Object.hasOwn(FACTORIES, source) ? FACTORIES[source] : undefined;
  if (!load) throw new UsageError(`unknown source "${source}": use salesforce, m365, slack, google-workspace or okta`, 'collect');
  if (values.out === undefined) throw new UsageError('collect needs --out <dir>', 'collect');
  if (values.out.startsWith('s3://')) throw new UsageError('collect writes to a local directory; S3 output is the deployed Lambda\'s job', 'collect');
  if (values.state === undefined) throw new UsageError('collect needs --state <file>', 'collect');
  let since: number | undefined;
  if (values.since !== undefined) {
    since = Date.parse(values.since);
    if (!/^\d{4}-\d{2}-\d{2}/.test(values.since) || !Number.isFinite(since)) {
      throw new UsageError(`--since must be an ISO time like 2026-11-01T00:00:00Z, got "${values.since}"`, 'collect');
    }
    if (since > Date.now()) throw new UsageError('--since is in the future', 'collect');
  }

  const log = (line: string) => io.stderr.write(`${redactor.redact(line)}\n`);
  const factory = await load();
  const collector = factory(io.env, { ...(since !== undefined ? { since: new Date(since) } : {}), log });
  const summary = await collector.runOnce({
    sink: new FsBatchSink(resolve(values.out)),
    checkpoints: new FileCheckpointStore(resolve(values.state)),
    dedupe: FileDedupeBackend.besideStateFile(values.state, source),
    log,
  });
  io.stdout.write(`${redactor.redact(formatRunSummary(summary))}\n`);
  return EXIT_OK;
}
