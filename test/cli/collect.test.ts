import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectCommand } from '../../lib/cli/commands/collect.ts';
import type { CliIo } from '../../lib/cli/command.ts';
import { slackEntry, startFakeSlackServer, type FakeSlackServer } from '../support/fake-slack-server.ts';
import { readAllIds } from '../support/read-batches.ts';

const TOKEN = 'xoxp-9999-8888-cli-SECRET';
let server: FakeSlackServer;
let dir: string;

function capture(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const w = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return Object.assign(w, { text: () => chunks.join('') });
}

async function run(argv: string[], env: Record<string, string>) {
  const stdout = capture();
  const stderr = capture();
  const io: CliIo = { stdout, stderr, env };
  const code = await collectCommand.run(argv, io);
  return { code, out: stdout.text(), err: stderr.text() };
}

beforeEach(async () => {
  server = await startFakeSlackServer({ token: TOKEN });
  dir = await mkdtemp(join(tmpdir(), 'hw-collect-cli-'));
});
afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('hoardwatch collect', () => {
  const nowS = Math.floor(Date.now() / 1000);
  const args = () => ['slack', '--out', join(dir, 'out'), '--state', join(dir, 'state.json')];
  const env = () => ({ SLACK_TOKEN: TOKEN, SLACK_API_BASE_URL: server.url });

  it('collects slack into batches, prints one summary line, and continues on the next run', async () => {
    server.add(slackEntry('c-1', nowS - 120), slackEntry('c-2', nowS - 60));
    const first = await run([...args(), '--since', new Date((nowS - 3600) * 1000).toISOString()], env());
    expect(first.code).toBe(0);
    expect(first.out.trim().split('\n')).toHaveLength(1);
    expect(first.out).toMatch(/^slack run \S+: completed; pages=1 records=2 batches=1 written=2 duplicates_dropped=0 retries=0 late_caught=0 off_contract=0 skipped_past_retention=0 /);
    expect(server.requests[0]?.oldest).toBe(String(nowS - 3600));
    const saved = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')).collectors.checkpoints.slack.cursor;
    expect(saved).toMatchObject({ cursor: { watermark: nowS - 60 }, announce: { key: expect.stringMatching(/^raw\/source=slack\//) } });
    // What was written lives beside the state file, not in it.
    expect(await readdir(join(dir, 'state.json.dedupe', 'slack', 'id'))).not.toEqual([]);

    server.add(slackEntry('c-3', nowS - 30));
    const second = await run(args(), env());
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/written=1 duplicates_dropped=2/);
    expect((await readAllIds(join(dir, 'out'))).sort()).toEqual(['c-1', 'c-2', 'c-3']);
  });

  it('--status prints each source\'s health from the state file: lag, newest event, the last run', async () => {
    server.add(slackEntry('s-1', nowS - 90));
    server.addRaw({ ...slackEntry('s-bad', nowS - 30), date_create: 'soon' }, nowS - 30);
    await run([...args(), '--since', new Date((nowS - 3600) * 1000).toISOString()], env());
    const r = await run(['--status', '--state', join(dir, 'state.json')], {});
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(5); // salesforce, m365, slack, google-workspace, okta
    expect(lines.find((l) => l.startsWith('google-workspace:'))).toBe('google-workspace: never collected');
    expect(lines.find((l) => l.startsWith('salesforce:'))).toBe('salesforce: never collected');
    const slack = lines.find((l) => l.startsWith('slack:'))!;
    expect(slack).toMatch(/^slack: read through \S+Z \(lag \d+s\); newest event \S+Z \(age \d+s\); last run \S+Z completed: written=2 duplicates_dropped=0 late_caught=0 off_contract=1 skipped_past_retention=0$/);
    const one = await run(['--status', 'slack', '--state', join(dir, 'state.json')], {});
    expect(one.out.trim().split('\n')).toHaveLength(1);
    expect(one.out).toMatch(/^slack: read through /);
    expect((await run(['--status'], {})).code).toBe(2);
  });

  it('exits 2 with one line on missing credentials or bad arguments', async () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [args(), {}, /missing credentials: set SLACK_TOKEN/],
      [['slack', '--state', join(dir, 's.json')], env(), /needs --out/],
      [['slack', '--out', dir], env(), /needs --state/],
      [['dropbox', '--out', dir, '--state', join(dir, 's.json')], env(), /unknown source "dropbox"/],
      [[...args(), '--since', 'yesterday'], env(), /--since must be an ISO time/],
      [[...args(), '--bogus'], env(), /bogus/],
      [args(), { ...env(), SLACK_API_BASE_URL: 'ftp://nope' }, /invalid environment: SLACK_API_BASE_URL/],
    ];
    for (const [argv, e, msg] of cases) {
      const r = await run(argv, e);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(msg);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.out).toBe('');
    }
    expect(server.requests).toEqual([]);
  });

  it('exits 1 on a vendor failure, with a message that carries no secret', async () => {
    server.failNext({ status: 403, body: { ok: false, error: 'missing_scope', needed: 'auditlogs:read', provided: TOKEN } });
    const r = await run(args(), env());
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/missing_scope/);
    expect(r.err).not.toContain(TOKEN);

    const bad = await run(args(), { ...env(), SLACK_TOKEN: 'xoxp-not-the-right-one' });
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/invalid_auth/);
    expect(bad.err).not.toContain('xoxp-not-the-right-one');
  });

  it('prints help', async () => {
    const r = await run(['--help'], {});
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: hoardwatch collect <salesforce|m365|slack|google-workspace|okta>');
  });
});
