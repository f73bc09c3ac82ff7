import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsBatchSink } from '../../../lib/adapters/batches/fs-batch-sink.ts';
import { FileCheckpointStore } from '../../../lib/adapters/checkpoints/file-checkpoint-store.ts';
import { FileDedupeBackend } from '../../../lib/adapters/dedupe/file-dedupe-backend.ts';
import { VendorAuthError, VendorConfigError, VendorHttpError } from '../../../lib/sources/http/errors.ts';
import type { RunContext } from '../../../lib/sources/run/collector.ts';
import { MissingCredentialsError, CollectorSetupError } from '../../../lib/sources/run/errors.ts';
import { collectorFromEnv } from '../../../lib/sources/slack/index.ts';
import type { CheckpointStore } from '../../../lib/sources/ports.ts';
import { slackEntry, startFakeSlackServer, type FakeSlackServer } from '../../support/fake-slack-server.ts';
import { fakeTime } from '../../support/fake-time.ts';
import { readAllIds, readBatches } from '../../support/read-batches.ts';

const TOKEN = 'xoxp-1111-2222-3333-abcdefSECRETtoken';
const T0 = Date.UTC(2026, 10, 22, 3, 0, 0);
const S0 = T0 / 1000;

let server: FakeSlackServer;
let dir: string;
let time: ReturnType<typeof fakeTime>;
let logs: string[];

beforeEach(async () => {
  time = fakeTime(T0);
  server = await startFakeSlackServer({ token: TOKEN });
  dir = await mkdtemp(join(tmpdir(), 'hw-slack-'));
  logs = [];
});
afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function env(extra: Record<string, string> = {}) {
  return { SLACK_TOKEN: TOKEN, SLACK_API_BASE_URL: server.url, SLACK_PAGE_LIMIT: '3', SLACK_OVERLAP_SECONDS: '600', ...extra };
}

function collector(extra: Record<string, string> = {}) {
  return collectorFromEnv(env(extra), {
    since: new Date(T0 - 3600_000),
    clock: time.clock,
    sleep: time.sleep,
    random: () => 0.5,
    log: (l) => logs.push(l),
  });
}

const out = () => join(dir, 'out');
const stateFile = () => join(dir, 'state.json');
function ctx(over: Partial<RunContext> = {}): RunContext {
  return {
    sink: new FsBatchSink(out()),
    checkpoints: new FileCheckpointStore(stateFile()),
    dedupe: FileDedupeBackend.besideStateFile(stateFile(), 'slack'),
    clock: time.clock,
    log: (l) => logs.push(l),
    ...over,
  };
}

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
const sortedUnique = (xs: string[]) => [...new Set(xs)].sort();

describe('slack collector against a local Slack Audit Logs server', () => {
  it('three consecutive runs deliver every id exactly once, including same-second page splits and late data', async () => {
    // Run 1: 7 entries in one second (page limit 3 splits that second across pages) plus older ones.
    const sameSecond = ids('a', 7);
    server.add(...sameSecond.map((id) => slackEntry(id, S0 - 60)));
    server.add(...ids('b', 4).map((id, i) => slackEntry(id, S0 - 1800 + i)));
    const r1 = await collector().runOnce(ctx());
    expect(r1.status).toBe('completed');
    expect(r1.records).toBe(11);
    expect(r1.pages).toBe(4);
    time.advance(300_000);

    // Run 2: new entries, and late ones older than the watermark but within the overlap.
    const late = ids('late', 2);
    server.add(...late.map((id) => slackEntry(id, S0 - 300)));
    server.add(...ids('c', 5).map((id, i) => slackEntry(id, S0 + 100 + i)));
    const r2 = await collector().runOnce(ctx());
    expect(r2.status).toBe('completed');
    // The re-read boundary (the 7 same-second entries within the overlap) is dropped, not written again.
    expect(r2.duplicatesDropped).toBe(7);
    time.advance(300_000);

    // Run 3: nothing new but the boundary; then a few more.
    server.add(...ids('d', 4).map((id) => slackEntry(id, S0 + 400)));
    const r3 = await collector().runOnce(ctx());
    expect(r3.envelopes).toBe(4);

    const written = await readAllIds(out());
    const expected = [...sameSecond, ...ids('b', 4), ...late, ...ids('c', 5), ...ids('d', 4)];
    expect(written.length).toBe(expected.length);
    expect(sortedUnique(written)).toEqual(sortedUnique(expected));

    // oldest stayed constant within each pass and moved to watermark − overlap between passes.
    const oldestByRun = server.requests.map((r) => r.oldest);
    expect(new Set(oldestByRun.slice(0, r1.pages))).toEqual(new Set([String(S0 - 3600)]));
    expect(new Set(oldestByRun.slice(r1.pages, r1.pages + r2.pages))).toEqual(new Set([String(S0 - 60 - 600)]));
    expect(new Set(oldestByRun.slice(r1.pages + r2.pages))).toEqual(new Set([String(S0 + 104 - 600)]));
    expect(server.requests.every((r) => r.limit === '3' && r.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('writes contract envelopes around the records exactly as sent', async () => {
    const entry = slackEntry('env-1', S0 - 5);
    server.add(entry);
    await collector().runOnce(ctx());
    const batches = await readBatches(out());
    expect([...batches.keys()][0]).toMatch(/^raw\/source=slack\/stream=audit\/dt=2026-11-22\/hour=03\/.+-000001\.ndjson\.gz$/);
    const [env1] = [...batches.values()].flat();
    expect(env1).toEqual({ v: 1, source: 'slack', stream: 'audit', id: 'env-1', fetchedAt: new Date(T0).toISOString(), record: entry });
  });

  it('waits out a 429 for the Retry-After it names, then continues', async () => {
    server.add(...ids('x', 5).map((id, i) => slackEntry(id, S0 - i)));
    server.failNext({ status: 429, headers: { 'retry-after': '7' }, body: { ok: false, error: 'ratelimited' } });
    const r = await collector().runOnce(ctx());
    expect(time.sleeps).toContain(7000);
    expect(r.retries).toBe(1);
    expect(sortedUnique(await readAllIds(out()))).toEqual(ids('x', 5).sort());
    expect(logs.some((l) => l.includes('throttled'))).toBe(true);
  });

  it('retries a 500 with backoff and loses nothing', async () => {
    server.add(...ids('y', 4).map((id, i) => slackEntry(id, S0 - i)));
    server.failNext({ status: 500, body: { ok: false, error: 'internal_error' } }, { status: 503, body: 'busy' });
    const r = await collector().runOnce(ctx());
    expect(r.retries).toBe(2);
    // Equal jitter with random 0.5: 1000·2^n · 0.75.
    expect(time.sleeps).toEqual([750, 1500]);
    expect(sortedUnique(await readAllIds(out()))).toEqual(ids('y', 4).sort());
  });

  for (const crashAtWrite of [1, 2]) {
    it(`a crash after batch write ${crashAtWrite} but before its checkpoint neither loses nor doubles ids`, async () => {
      server.add(...ids('k', 10).map((id, i) => slackEntry(id, S0 - 100 + i)));
      const real = new FileCheckpointStore(stateFile());
      let writes = 0;
      let crash = false;
      const sink = new FsBatchSink(out());
      const crashingSink = {
        write: async (key: string, envs: Parameters<FsBatchSink['write']>[1]) => {
          const r = await sink.write(key, envs);
          if (++writes === crashAtWrite) crash = true;
          return r;
        },
      };
      const crashingStore: CheckpointStore = {
        get: (s) => real.get(s),
        acquireLease: (...a) => real.acquireLease(...a),
        releaseLease: (...a) => real.releaseLease(...a),
        put: async (s, c, v) => {
          if (crash) throw new Error('simulated crash before checkpoint');
          return real.put(s, c, v);
        },
      };
      await expect(collector().runOnce(ctx({ sink: crashingSink, checkpoints: crashingStore }))).rejects.toThrow('simulated crash');
      expect((await readAllIds(out())).length).toBe(3 * crashAtWrite); // written, the last one unconfirmed
      const keysAfterCrash = [...(await readBatches(out())).keys()];

      // A newer entry arrives in between: on a re-read from the start it shifts every page boundary.
      server.add(slackEntry('k-new', S0 + 5));
      time.advance(60_000);
      const r = await collector().runOnce(ctx());
      expect(r.status).toBe('completed');
      expect(r.keys[0]).toBe(keysAfterCrash.at(-1)); // the unconfirmed batch was rewritten in place
      expect(logs.some((l) => l.includes('rewriting'))).toBe(true);
      time.advance(60_000);
      await collector().runOnce(ctx()); // a resumed pass leaves entries newer than it to the next pass

      const written = await readAllIds(out());
      expect(written.length).toBe(11);
      expect(sortedUnique(written)).toEqual([...ids('k', 10), 'k-new'].sort());
    });
  }

  it('stays within 50 calls per minute under load, on a fake clock', async () => {
    const limited = await startFakeSlackServer({ token: TOKEN, rateLimit: { limit: 50, windowMs: 60_000, now: time.clock.now } });
    try {
      limited.add(...ids('load', 600).map((id, i) => slackEntry(id, S0 - i)));
      const c = collectorFromEnv(
        { ...env(), SLACK_API_BASE_URL: limited.url, SLACK_PAGE_LIMIT: '5' },
        { since: new Date(T0 - 3600_000), clock: time.clock, sleep: time.sleep, random: () => 0.5 },
      );
      const started = Date.now();
      const r = await c.runOnce(ctx({ budgetMs: 60 * 60_000 }));
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(r.pages).toBe(120);
      expect(limited.requests.filter((q) => q.status === 429)).toEqual([]);
      const at = limited.requests.map((q) => q.at);
      for (const t of at) expect(at.filter((u) => u >= t && u < t + 60_000).length).toBeLessThanOrEqual(50);
      // 120 calls at 50/min need at least two full windows of (fake) waiting.
      expect(time.clock.now() - T0).toBeGreaterThanOrEqual(120_000);
      expect((await readAllIds(out())).length).toBe(600);
    } finally {
      await limited.close();
    }
  });

  it('stops cleanly at the run budget and resumes the same pass next run', async () => {
    server.add(...ids('p', 12).map((id, i) => slackEntry(id, S0 - 1000 + i)));
    // Each page costs 20 s of fake time; the budget allows two pages.
    const slow = { ...time, sleep: time.sleep };
    const c = collectorFromEnv(env(), {
      since: new Date(T0 - 3600_000),
      clock: slow.clock,
      sleep: slow.sleep,
      fetch: async (input, init) => {
        time.advance(20_000);
        return fetch(input, init);
      },
    });
    const r1 = await c.runOnce(ctx({ budgetMs: 40_000 }));
    expect(r1.status).toBe('budget-exhausted');
    expect(r1.pages).toBe(2);
    expect(r1.cursorText).toContain('pass in progress');
    const r2 = await c.runOnce(ctx({ budgetMs: 10 * 60_000 }));
    expect(r2.status).toBe('completed');
    const written = await readAllIds(out());
    expect(written.length).toBe(12);
    expect(sortedUnique(written)).toEqual(ids('p', 12).sort());
    expect(new Set(server.requests.map((q) => q.oldest))).toEqual(new Set([String(S0 - 3600)]));
    expect(r2.cursorText).toContain(`watermark=${new Date((S0 - 989) * 1000).toISOString()}`);
  });

  it('drops entries that reuse an id, and counts them', async () => {
    server.add(slackEntry('same', S0 - 3), slackEntry('same', S0 - 2), slackEntry('same', S0 - 1), slackEntry('other', S0));
    const r = await collector().runOnce(ctx());
    expect(r.records).toBe(4);
    expect(r.duplicatesDropped).toBe(2);
    expect((await readAllIds(out())).sort()).toEqual(['other', 'same']);
    expect(logs.some((l) => /dropped \d+ records whose id was already written/.test(l))).toBe(true);
  });

  it('does nothing while another run holds the lease', async () => {
    server.add(slackEntry('l-1', S0));
    const store = new FileCheckpointStore(stateFile());
    expect(await store.acquireLease('slack', 'other-run', 60_000, T0)).toBe(true);
    const r = await collector().runOnce(ctx({ checkpoints: store }));
    expect(r.status).toBe('lease-held');
    expect(server.requests).toEqual([]);
    expect(await readdir(dir)).not.toContain('out');
    expect(await store.get('slack')).toBeNull();
  });

  it('never puts the token in errors or logs', async () => {
    server.add(slackEntry('s-1', S0));
    const echo = { status: 500, body: { ok: false, error: `upstream rejected Authorization: Bearer ${TOKEN} token=${TOKEN}` } };
    server.failNext(echo, echo, echo, echo, echo);
    const err = await collector().runOnce(ctx()).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(VendorHttpError);
    const text = `${(err as Error).message} ${String((err as Error).cause ?? '')} ${JSON.stringify(err)} ${logs.join('\n')}`;
    expect(logs.length).toBeGreaterThan(0);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('SECRETtoken');
    expect((err as VendorHttpError).status).toBe(500);
    // The lease is released after a failure, and no checkpoint was written.
    expect(await new FileCheckpointStore(stateFile()).acquireLease('slack', 'next', 1000, T0)).toBe(true);
  });

  it('reports a rejected token as VendorAuthError and a missing scope as VendorConfigError', async () => {
    const bad = collectorFromEnv({ ...env(), SLACK_TOKEN: 'xoxp-wrong-token-value' }, { clock: time.clock, sleep: time.sleep });
    const authErr = await bad.runOnce(ctx()).then(() => null, (e: unknown) => e);
    expect(authErr).toBeInstanceOf(VendorAuthError);
    expect((authErr as Error).message).toContain('invalid_auth');
    expect((authErr as Error).message).not.toContain('xoxp-wrong-token-value');

    server.failNext({ status: 200, body: { ok: false, error: 'missing_scope', needed: 'auditlogs:read' } });
    const cfgErr = await collector().runOnce(ctx()).then(() => null, (e: unknown) => e);
    expect(cfgErr).toBeInstanceOf(VendorConfigError);
    expect((cfgErr as VendorConfigError).code).toBe('missing_scope');
    expect((cfgErr as Error).message).toContain('auditlogs:read');
  });

  it('validates its environment without echoing values', () => {
    expect(() => collectorFromEnv({})).toThrow(MissingCredentialsError);
    expect(() => collectorFromEnv({ SLACK_TOKEN: TOKEN, SLACK_PAGE_LIMIT: '10000' })).toThrow(/SLACK_PAGE_LIMIT/);
    try {
      collectorFromEnv({ SLACK_TOKEN: TOKEN, SLACK_API_BASE_URL: 'not a url' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CollectorSetupError);
      expect((e as Error).message).toContain('SLACK_API_BASE_URL');
      expect((e as Error).message).not.toContain(TOKEN);
    }
  });
});
