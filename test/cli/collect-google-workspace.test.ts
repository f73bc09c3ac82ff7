import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectCommand } from '../../lib/cli/commands/collect.ts';
import { countIds } from '../support/crash-harness.ts';
import { driveActivity, loginActivity, startFakeGoogleWorkspaceServer, type FakeGoogleWorkspaceServer, type GwTestActivity } from '../support/fake-google-workspace-server.ts';
import { readAllIds } from '../support/read-batches.ts';
import { serviceAccountKey } from '../support/service-account-key.ts';
import { captureIo } from './capture-io.ts';

const KEY = serviceAccountKey();
const CLIENT = 'collector@hoardwatch-cli.iam.gserviceaccount.com';
const SUBJECT = 'reports-admin@example.com';
let server: FakeGoogleWorkspaceServer;
let dir: string;

beforeEach(async () => {
  server = await startFakeGoogleWorkspaceServer({ clientEmail: CLIENT, subject: SUBJECT, publicKeyPem: KEY.publicKeyPem, now: Date.now, pageOverlap: 1 });
  dir = await mkdtemp(join(tmpdir(), 'hw-collect-gw-'));
});
afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const env = () => ({
  GOOGLE_WORKSPACE_CLIENT_EMAIL: CLIENT,
  GOOGLE_WORKSPACE_PRIVATE_KEY: KEY.privateKeyPem.replace(/\n/g, '\\n'),
  GOOGLE_WORKSPACE_SUBJECT: SUBJECT,
  GOOGLE_WORKSPACE_API_BASE_URL: server.url,
  GOOGLE_WORKSPACE_TOKEN_URL: server.tokenUrl,
  GOOGLE_WORKSPACE_APPLICATIONS: 'drive,login',
  GOOGLE_WORKSPACE_PAGE_SIZE: '4',
});

async function run(argv: string[]) {
  const io = { ...captureIo(), env: env() };
  const code = await collectCommand.run(argv, io);
  return { code, out: io.out(), err: io.err() };
}

const ids = (as: GwTestActivity[]) => as.flatMap((a) => a.events.map((e) => `${a.id.applicationName}:${a.id.time}:${a.id.uniqueQualifier}:${e.name}`));

describe('hoardwatch collect google-workspace', () => {
  it('is exact over three runs under 429/5xx, an expired token, late and repeated activities', async () => {
    const now = Date.now();
    const args = ['google-workspace', '--out', join(dir, 'out'), '--state', join(dir, 'state.json')];
    const first = [...Array.from({ length: 9 }, (_, i) => driveActivity(now - 30 * 60_000 + i * 1000)), loginActivity(now - 20 * 60_000)];
    server.add(...first);
    server.failNext({ status: 429, headers: { 'retry-after': '1' } });
    const r1 = await run([...args, '--since', new Date(now - 3600_000).toISOString()]);
    expect(r1.code, r1.err).toBe(0);
    expect(r1.out).toMatch(/^google-workspace run \S+: completed; pages=\d+ records=\d+ batches=\d+ written=10 duplicates_dropped=\d+ retries=1 /);

    // Late: an activity from two hours ago shows up now; repeated: one already-read activity is listed again.
    const late = driveActivity(now - 2 * 3600_000);
    server.add(late, first[3]!);
    server.failNext({ status: 500 });
    const r2 = await run(args);
    expect(r2.code, r2.err).toBe(0);
    expect(r2.out).toMatch(/written=1 duplicates_dropped=\d+ retries=1 late_caught=1 /);

    const third = [driveActivity(Date.now() - 1000), loginActivity(Date.now() - 500)];
    server.add(...third);
    server.expireTokensAfter(1);
    const r3 = await run(args);
    expect(r3.code, r3.err).toBe(0);
    expect(r3.out).toMatch(/written=2 /);
    expect(server.requests.filter((r) => r.status === 401)).toHaveLength(1);

    const counts = countIds(await readAllIds(join(dir, 'out')));
    expect([...counts.keys()].sort()).toEqual(ids([...first, late, ...third]).sort());
    for (const [id, n] of counts) expect(n, id).toBe(1);
    // Nothing secret reaches the terminal.
    for (const r of [r1, r2, r3]) expect(`${r.out}${r.err}`).not.toMatch(/PRIVATE KEY|ya29\./);
  }, 30_000);

  it('exits 2 naming the missing variables, never their values', async () => {
    const io = { ...captureIo(), env: { GOOGLE_WORKSPACE_CLIENT_EMAIL: CLIENT } };
    const code = await collectCommand.run(['google-workspace', '--out', join(dir, 'o'), '--state', join(dir, 's.json')], io);
    expect(code).toBe(2);
    expect(io.err()).toMatch(/GOOGLE_WORKSPACE_PRIVATE_KEY, GOOGLE_WORKSPACE_SUBJECT/);
  });
});
