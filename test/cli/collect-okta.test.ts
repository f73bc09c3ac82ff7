import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectCommand } from '../../lib/cli/commands/collect.ts';
import { countIds } from '../support/crash-harness.ts';
import { oktaEvent, startFakeOktaServer, type FakeOktaServer } from '../support/fake-okta-server.ts';
import { readAllIds } from '../support/read-batches.ts';
import { captureIo as capture } from './capture-io.ts';

const captureIo = (env: Record<string, string>) => ({ ...capture(), env });

const TOKEN = '00aCliOktaSSWS-SECRET-token-000000000000000';
const MIN = 60_000;
let server: FakeOktaServer;
let dir: string;

beforeEach(async () => {
  // The CLI runs on the real clock: the server's clock is the same.
  server = await startFakeOktaServer({ token: TOKEN, pageOverlap: 1 });
  dir = await mkdtemp(join(tmpdir(), 'hw-collect-okta-'));
});
afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

async function collect(extra: string[] = []) {
  const io = captureIo({ OKTA_ORG_URL: server.url, OKTA_API_TOKEN: TOKEN, OKTA_PAGE_LIMIT: '4' });
  const code = await collectCommand.run(['okta', '--out', join(dir, 'out'), '--state', join(dir, 'state.json'), ...extra], io);
  return { code, out: io.out(), err: io.err() };
}

describe('hoardwatch collect okta', () => {
  it('is exact over three runs under faults and late data: every uuid once', async () => {
    const now = Date.now();
    const expected: string[] = [];
    const add = (id: string, at: number) => {
      server.add(oktaEvent(id, at));
      expected.push(id);
    };
    // Run 1: a burst of 9 in one millisecond across pages of 4 (each boundary served twice), after a 503.
    for (let i = 0; i < 9; i++) add(`burst-${i}`, now - 12 * MIN);
    add('early', now - 50 * MIN);
    // Published before the burst, but visible only after run 1 read that window (inside the 15-minute re-read).
    server.addHeld(oktaEvent('late-1', now - 14 * MIN));
    expected.push('late-1');
    server.failNext({ status: 503, body: { errorCode: 'E0000009', errorSummary: 'Internal Server Error' } });
    const r1 = await collect(['--since', new Date(now - 60 * MIN).toISOString()]);
    expect(r1.code, r1.err).toBe(0);
    expect(r1.out).toMatch(/^okta run \S+: completed; .*written=10 /);

    // Run 2: the late event appears; a 429 with X-Rate-Limit-Reset first; a new sign-in.
    server.release();
    add('r2-0', Date.now() - 1000);
    server.failNext({ status: 429, body: { errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit' }, headers: { 'x-rate-limit-reset': String(Math.floor(Date.now() / 1000)) } });
    const r2 = await collect();
    expect(r2.code, r2.err).toBe(0);
    expect(r2.out, r2.out).toMatch(/written=2 duplicates_dropped=[1-9]\d* retries=1 late_caught=1 /);

    // Run 3: the same uuid served again beside a new one.
    server.add(oktaEvent('r2-0', Date.now() - 500));
    add('r3-0', Date.now() - 400);
    const r3 = await collect();
    expect(r3.code, r3.err).toBe(0);
    expect(r3.out).toMatch(/written=1 /);

    const counts = countIds(await readAllIds(join(dir, 'out')));
    expect([...counts.keys()].sort()).toEqual([...expected].sort());
    for (const [id, n] of counts) expect(n, id).toBe(1);
    expect(`${r1.out}${r1.err}${r2.out}${r2.err}${r3.out}${r3.err}`).not.toContain(TOKEN);
  }, 30_000);

  it('exits 1 on a rejected token without echoing it, 2 on missing credentials', async () => {
    const bad = captureIo({ OKTA_ORG_URL: server.url, OKTA_API_TOKEN: 'not-the-token-SECRET' });
    expect(await collectCommand.run(['okta', '--out', join(dir, 'out'), '--state', join(dir, 's.json')], bad)).toBe(1);
    expect(bad.err()).toMatch(/E0000011/);
    expect(bad.err()).not.toContain('not-the-token-SECRET');
    const none = captureIo({});
    expect(await collectCommand.run(['okta', '--out', join(dir, 'out'), '--state', join(dir, 's.json')], none)).toBe(2);
    expect(none.err()).toMatch(/missing credentials: set OKTA_ORG_URL/);
  });
});
