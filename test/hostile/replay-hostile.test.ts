import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileState } from '../../lib/adapters/state/file-state.ts';
import { runCli } from '../../lib/cli/main.ts';
import type { Alert } from '../../lib/core/alert.ts';
import { fixedClock } from '../../lib/core/clock.ts';
import type { Config } from '../../lib/core/config.ts';
import { defaultConfig, parseConfig } from '../../lib/core/config.ts';
import { NormalizedEventSchema } from '../../lib/core/event.ts';
import type { NormalizedEvent } from '../../lib/core/event.ts';
import { newNormalizeContext, normalizeRecord } from '../../lib/core/normalize/index.ts';
import { discoverInputs } from '../../lib/replay/discover-inputs.ts';
import { readInput } from '../../lib/replay/read-input.ts';
import type { ReadLimits } from '../../lib/replay/read-limits.ts';
import { runReplay } from '../../lib/replay/run-replay.ts';
import type { ReplayOutcome } from '../../lib/replay/run-replay.ts';
import { captureIo } from '../cli/capture-io.ts';
import { envelopeLine, put } from '../replay/vendor-fixtures.ts';
import {
  AS_OF, CLEAN_PEOPLE, DAY0, MALLORY, PROTO_NAMES, burst, writeClean, writeControlCharacters, writeDeeplyNested, writeFutureDated,
  writeGzipBomb, writeHugeLine, writeInvalidUtf8, writeM365WithoutOperation, writePrototypeNames,
} from './hostile-inputs.ts';

const MiB = 1024 * 1024;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hw-hostile-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function replay(root: string, opts: { config?: Config; limits?: ReadLimits } = {}): Promise<ReplayOutcome> {
  return runReplay(await discoverInputs([root]), {
    state: FileState.inMemory(), config: opts.config ?? defaultConfig(), clock: fixedClock(AS_OF), ...(opts.limits ? { limits: opts.limits } : {}),
  });
}

/** The alerts of `people`, with evidence refs relative to the replayed folder (two folders are compared). */
const of = (alerts: Alert[], people: readonly string[], root: string): unknown =>
  JSON.parse(JSON.stringify(alerts.filter((a) => people.includes(a.principal.id))).replaceAll(`${root}/`, ''));
const rejectedTotal = (o: ReplayOutcome): number => Object.values(o.counts.rejected).reduce((a, b) => a + b, 0);

/** normalized + duplicates + rejected = read: every record (and every line read as none) is accounted for. */
function expectAllCounted(o: ReplayOutcome): void {
  expect(o.counts.normalized + o.counts.duplicates + rejectedTotal(o)).toBe(o.read);
}

describe('hostile input through the real readers, normalizers and core (runReplay)', () => {
  it('records dated 2099 (in a batch collected first) or 1970 are implausible-time and leave every later alert as it was', async () => {
    const clean = join(dir, 'clean');
    const hostile = join(dir, 'hostile');
    writeClean(clean);
    writeClean(hostile);
    writeFutureDated(hostile);
    const [a, b] = [await replay(clean), await replay(hostile)];
    expect(of(a.alerts, CLEAN_PEOPLE, clean)).toHaveLength(4);
    // On the code before, the 2099 episodes swallowed Alice's and Bob's real alerts.
    expect(of(b.alerts, CLEAN_PEOPLE, hostile)).toEqual(of(a.alerts, CLEAN_PEOPLE, clean));
    expect(b.counts.rejected).toEqual({ 'implausible-time': 45 + 45 + 10 + 1 });
    expect(b.alerts.every((x) => x.window.start < '2027')).toBe(true);
    expectAllCounted(b);
  });

  it('a huge line, a gzip bomb, invalid UTF-8, deep nesting and M365 records without Operation are each rejected by themselves', async () => {
    const clean = join(dir, 'clean');
    const hostile = join(dir, 'hostile');
    writeClean(clean);
    writeClean(hostile);
    const limits: ReadLimits = { lineBytes: MiB, documentBytes: MiB, gunzipBytes: 32 * MiB };
    await writeHugeLine(join(hostile, 'vendor/slack/huge-line.ndjson.gz'), 4);
    writeGzipBomb(join(hostile, 'vendor/slack/bomb.ndjson.gz'), 64);
    writeInvalidUtf8(hostile);
    writeDeeplyNested(join(hostile, 'vendor/slack/deep.ndjson'), 100_000);
    writeM365WithoutOperation(hostile);
    const a = await replay(clean, { limits });
    const b = await replay(hostile, { limits });
    expect(b.counts.rejected).toEqual({
      'line-too-long': 1, 'decompressed-too-large': 1, 'invalid-utf8': 1, 'missing-actor': 1, 'missing-operation': 15,
    });
    // The records around each bad line were read: 2 beside the huge line, 1 before the bomb, 2 beside the bad
    // UTF-8, 1 after the deep record.
    expect(b.counts.normalized).toBe(a.counts.normalized + 2 + 1 + 2 + 1);
    expectAllCounted(b);
    expect(of(b.alerts, CLEAN_PEOPLE, hostile)).toEqual(of(a.alerts, CLEAN_PEOPLE, clean));
  });

  it('__proto__, constructor, toString as users, files, operations and external orgs are data, and change nobody else', async () => {
    const clean = join(dir, 'clean');
    const hostile = join(dir, 'hostile');
    writeClean(clean);
    writeClean(hostile);
    writePrototypeNames(hostile);
    const a = await replay(clean);
    const b = await replay(hostile);
    expect(b.counts.rejected).toEqual({});
    expect(b.counts.normalized).toBe(a.counts.normalized + PROTO_NAMES.length * (45 + 2));
    // Each of them downloaded 45 files in a burst: each is its own principal, alerted on by name.
    expect(b.alerts.filter((x) => PROTO_NAMES.includes(x.principal.id)).map((x) => [x.principal.id, x.principal.name])).toEqual(PROTO_NAMES.map((n) => [n, `${n.toLowerCase()}@example.com`]));
    expect(of(b.alerts, CLEAN_PEOPLE, hostile)).toEqual(of(a.alerts, CLEAN_PEOPLE, clean));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);

    // What the core got: every record read and normalized one by one is a valid event (an M365 operation named
    // `constructor` was given Object's constructor function as its action before).
    const ctx = newNormalizeContext(fixedClock(AS_OF));
    const events: NormalizedEvent[] = [];
    for (const input of await discoverInputs([join(hostile, 'vendor')])) {
      for await (const item of readInput(input)) {
        if (item.kind !== 'record') throw new Error(`reject ${item.reject.reason}`);
        const out = normalizeRecord(item.source, item, ctx);
        if (!out.ok) throw new Error(`reject ${out.reason}`);
        events.push(...out.events.map((e) => NormalizedEventSchema.parse(e)));
      }
    }
    const m365 = events.filter((e) => e.source === 'm365' && PROTO_NAMES.includes(e.vendorAction));
    expect(m365.map((e) => [e.vendorAction, e.action, e.actor.id])).toEqual(PROTO_NAMES.map((n) => [n, 'other', `${n.toLowerCase()}@example.com`]));
    const connect = events.filter((e) => e.action === 'external_connect');
    expect(connect.map((e) => [e.external?.org, e.external?.domain])).toEqual(PROTO_NAMES.map((n) => [n, n.toLowerCase()]));
  });

  it('a half-hour zone rolls the weekday: a burst at 18:35Z on Friday is Saturday 00:05 in Kolkata, off hours', async () => {
    const config = parseConfig({ org: { timezone: 'Asia/Kolkata', businessHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '00:00', end: '23:59' } } });
    const friday = Date.UTC(2026, 10, 13, 18, 35);
    put(dir, 'slack/page.json', JSON.stringify({ entries: burst('W0ALICE', 'Alice Example', friday, 45, 'kolkata') }));
    const o = await replay(dir, { config });
    expect(o.alerts.map((a) => [a.principal.id, a.triage.offHours])).toEqual([['W0ALICE', true]]);
  });

  it('reads batches under old keys (stream=<a>:<b>) and new ones (stream=<a>~<b>) alike', async () => {
    const rows = burst('W0ALICE', 'Alice Example', DAY0, 45, 'keys');
    const fetched = new Date(DAY0 + 3600_000).toISOString();
    const lines = (part: Record<string, unknown>[]) => part.map((e) => envelopeLine('slack', 'audit', String(e['id']), e, fetched)).join('');
    put(dir, 'raw/source=slack/stream=audit:old/dt=2026-11-16/hour=10/r-000001.ndjson.gz', lines(rows.slice(0, 20)), true);
    put(dir, 'raw/source=slack/stream=audit~old/dt=2026-11-16/hour=10/r-000002.ndjson.gz', lines(rows.slice(20)), true);
    const o = await replay(dir);
    expect(o).toMatchObject({ files: 2, batches: 2, counts: { normalized: 45, rejected: {} } });
  });
});

describe('hostile vendor strings in the CLI output (hoardwatch replay in process)', () => {
  it('prints the table and summary without any escape sequence or control character', async () => {
    writeClean(dir);
    writeControlCharacters(dir);
    const io = captureIo();
    expect(await runCli(['replay', dir, '--as-of', new Date(AS_OF).toISOString()], io)).toBe(0);
    const out = io.out();
    expect(out).toMatch(/ Mallory\S* +2026-11-17 22:00.*Slack: 45 distinct files/);
    expect(`${out}${io.err()}`).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    // One table line per alert: no vendor newline split a row.
    expect(out.trimEnd().split('\n')).toHaveLength(1 + 5);
    expect(MALLORY).toMatch(/\u001b/);
  });
});
