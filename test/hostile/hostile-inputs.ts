/**
 * Hostile inputs for the replay, written to disk by streaming (never built whole in memory): the cases of issue 13
 * "Bad input is rejected by record" and review P1-1, P2-1, P2-2, P2-4, P2-5. Not a test file itself.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';
import { batchKey } from '../../lib/core/envelope.ts';
import { envelopeLine, m365Download, ndjson, put, slackDownload } from '../replay/vendor-fixtures.ts';

const MiB = 1024 * 1024;
const HOUR = 3600_000;

/** 2026-11-16T09:00:00Z, a Monday: the clean data's first day. */
export const DAY0 = Date.UTC(2026, 10, 16, 9, 0, 0);

/** Replays run `--as-of` this time: a day after the clean data. */
export const AS_OF = DAY0 + 3 * 24 * HOUR;

/** A Slack download entry of `user` with a given name and id prefix. */
function download(i: number, at: number, user: string, name: string, idPrefix: string): Record<string, unknown> {
  const e = slackDownload(i, at, user);
  e['id'] = `${idPrefix}-${i}`;
  (e['actor'] as { user: Record<string, unknown> }).user['name'] = name;
  (e['actor'] as { user: Record<string, unknown> }).user['email'] = `${user.toLowerCase()}@example.com`;
  return e;
}

/** `n` downloads by `user`, one every 20 s from `start`: a burst the download-volume detector alerts on. */
export const burst = (user: string, name: string, start: number, n: number, idPrefix: string): Record<string, unknown>[] =>
  Array.from({ length: n }, (_, k) => download(k, start + k * 20_000, user, name, idPrefix));

/** The people of the clean data, whose alerts must not change when hostile input is added. */
export const CLEAN_PEOPLE = ['W0ALICE', 'W0BOB', 'carol@example.com'];

/**
 * Clean data: project batches (Slack, in key order) with download bursts of Alice on two days and Bob on one, and a
 * vendor file of Carol's SharePoint downloads.
 */
export function writeClean(root: string): void {
  const batch = (hourOffset: number, entries: Record<string, unknown>[], seq: number): void => {
    const fetched = DAY0 + hourOffset * HOUR;
    const key = batchKey('slack', 'audit', new Date(fetched), 'clean', seq);
    put(root, key, entries.map((e) => envelopeLine('slack', 'audit', String(e['id']), e, new Date(fetched).toISOString())).join(''), true);
  };
  // In the evening (off-hours): with no history of their own, that fact is what makes the bursts alerts.
  batch(14, burst('W0ALICE', 'Alice Example', DAY0 + 13 * HOUR, 45, 'alice-d0'), 1);
  batch(38, burst('W0BOB', 'Bob Example', DAY0 + 37 * HOUR, 45, 'bob-d1'), 2);
  batch(62, burst('W0ALICE', 'Alice Example', DAY0 + 61 * HOUR, 60, 'alice-d2'), 3);
  const carol = Array.from({ length: 80 }, (_, i) => ({
    ...m365Download(`c0ffee00-0000-4000-8000-${String(i).padStart(12, '0')}`, DAY0 + 39 * HOUR + i * 15_000, `deal-${i}.docx`),
    UserId: 'carol@example.com',
  }));
  put(root, 'vendor/m365/carol-blob.json', JSON.stringify(carol));
}

/**
 * A project batch collected before the clean ones holding Alice's and Bob's records dated 2099 (P1-1: on today's
 * code they open episodes that run until 2099 and swallow the later real alerts), and a vendor file of more.
 */
export function writeFutureDated(root: string): void {
  const fetched = DAY0 - HOUR;
  const entries = [...burst('W0ALICE', 'Alice Example', Date.UTC(2099, 0, 1), 45, 'alice-2099'), ...burst('W0BOB', 'Bob Example', Date.UTC(2099, 0, 2), 45, 'bob-2099')];
  put(root, batchKey('slack', 'audit', new Date(fetched), 'future', 1),
    entries.map((e) => envelopeLine('slack', 'audit', String(e['id']), e, new Date(fetched).toISOString())).join(''), true);
  // Vendor file: judged against the replay's clock. One from 1970 too.
  const vendor = [...burst('W0ALICE', 'Alice Example', Date.UTC(2098, 5, 1), 10, 'alice-2098'), download(0, 1000, 'W0ALICE', 'Alice Example', 'alice-1970')];
  put(root, 'vendor/slack/future.ndjson', ndjson(vendor));
}

/** One NDJSON gzip line of `lineMiB` MiB (a Slack entry whose user name is that long) between two ordinary lines. */
export async function writeHugeLine(path: string, lineMiB: number): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const piece = Buffer.alloc(MiB, 'a');
  async function* bytes(): AsyncGenerator<Buffer> {
    yield Buffer.from(ndjson([download(0, DAY0 + 30 * HOUR, 'W0DAVE', 'Dave', 'huge-before')]));
    yield Buffer.from('{"id":"huge-1","date_create":1763300000,"action":"file_downloaded","actor":{"type":"user","user":{"id":"W0ALICE","name":"');
    for (let i = 0; i < lineMiB; i++) yield piece;
    yield Buffer.from('"}}}\n');
    yield Buffer.from(ndjson([download(1, DAY0 + 30 * HOUR, 'W0DAVE', 'Dave', 'huge-after')]));
  }
  await pipeline(Readable.from(bytes()), createGzip({ level: 1 }), createWriteStream(path));
}

/**
 * A gzip bomb: one small gzip member of 1 MiB of zeros, repeated (gunzip reads concatenated members as one stream).
 * `inflatedMiB` MiB from a file of about a thousandth of that, written in milliseconds.
 */
export function writeGzipBomb(path: string, inflatedMiB: number): void {
  mkdirSync(dirname(path), { recursive: true });
  const member = gzipSync(Buffer.alloc(MiB), { level: 9 });
  const head = gzipSync(Buffer.from(ndjson([download(2, DAY0 + 30 * HOUR, 'W0DAVE', 'Dave', 'bomb-before')])));
  writeFileSync(path, Buffer.concat([head, ...Array.from({ length: inflatedMiB }, () => member)]));
}

/** A Slack entry whose actor is nested `depth` levels deep (no usable actor: rejected, and quarantined with its record). */
export function writeDeeplyNested(path: string, depth: number): void {
  mkdirSync(dirname(path), { recursive: true });
  const deep = `{"id":"deep-1","date_create":1763300000,"action":"file_downloaded","actor":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
  writeFileSync(path, `${deep}\n${ndjson([download(3, DAY0 + 30 * HOUR, 'W0DAVE', 'Dave', 'deep-after')])}`);
}

/** Names every plain object answers through its prototype, as users, files, operations and external domains. */
export const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

export function writePrototypeNames(root: string): void {
  const slack = PROTO_NAMES.flatMap((name, n) => burst(name, name, DAY0 + (34 + n) * HOUR, 45, `proto-${n}`).map((e, k) => {
    e['entity'] = { type: 'file', file: { id: `F-${n}-${k}`, name } };
    return e;
  }));
  put(root, 'vendor/slack/proto-names.ndjson', ndjson(slack));
  const m365 = PROTO_NAMES.map((name, n) => ({
    ...m365Download(`pr070000-0000-4000-8000-00000000000${n}`, DAY0 + 31 * HOUR + n * 1000, name),
    Operation: name, UserId: `${name}@example.com`,
  }));
  put(root, 'vendor/m365/proto-names.json', JSON.stringify(m365));
  // Slack Connect: external organisations and domains with those names.
  const connect = PROTO_NAMES.map((name, n) => ({
    ...download(n, DAY0 + 31 * HOUR + n * 1000, 'W0ERIN', 'Erin Example', 'proto-connect'),
    action: 'external_shared_channel_connected',
    entity: { type: 'channel', channel: { id: `C-${n}`, name } },
    details: { external_organization_id: `E-${n}`, external_organization_name: name, external_organization_domain: name },
  }));
  put(root, 'vendor/slack/proto-connect.ndjson', ndjson(connect));
}

/** What a user name full of terminal escapes looks like (clear screen, window title, hyperlink, 8-bit CSI, RLO). */
export const MALLORY = 'Mallory\u001b[2J\u001b[H\u001b]0;owned\u0007\u001b]8;;https://evil.example/\u001b\\x\u001b]8;;\u001b\\\u009b31m\u202eexe.\r\n\u0000';

export function writeControlCharacters(root: string): void {
  put(root, 'vendor/slack/control.ndjson', ndjson(burst('W0MALLORY', MALLORY, DAY0 + 37 * HOUR, 45, 'mallory').map((e) => {
    // No e-mail: the table then names the principal by this name.
    delete (e['actor'] as { user: Record<string, unknown> }).user['email'];
    (e['entity'] as { file: Record<string, unknown> }).file['name'] = `\u001b[31mreport\u001b[0m.pdf`;
    return e;
  })));
}

/** 15 M365 records of a known shape without `Operation`: each is rejected as missing-operation, none as unknown-format. */
export function writeM365WithoutOperation(root: string): void {
  const records = Array.from({ length: 15 }, (_, i) => {
    const { Operation: _op, ...r } = m365Download(`0b0e0000-0000-4000-8000-${String(i).padStart(12, '0')}`, DAY0 + 33 * HOUR, `x${i}.docx`);
    return r;
  });
  put(root, 'vendor/m365/no-operation.json', JSON.stringify(records));
}

/** A line of invalid UTF-8 between two good ones. */
export function writeInvalidUtf8(root: string): void {
  const path = join(root, 'vendor/slack/latin1.ndjson');
  mkdirSync(dirname(path), { recursive: true });
  const good = (i: number) => Buffer.from(ndjson([download(10 + i, DAY0 + 30 * HOUR, 'W0DAVE', 'Dave', 'utf8')]));
  const bad = Buffer.from(ndjson([download(20, DAY0 + 30 * HOUR, 'W0DAVE', 'Ren\u00e9e', 'latin1')]), 'latin1');
  writeFileSync(path, Buffer.concat([good(0), bad, good(1)]));
}

/** Everything above except the large files, for tests that run in process. */
export function writeSmallHostile(root: string): void {
  writeFutureDated(root);
  writeDeeplyNested(join(root, 'vendor/slack/deep.ndjson'), 100_000);
  writePrototypeNames(root);
  writeControlCharacters(root);
  writeM365WithoutOperation(root);
  writeInvalidUtf8(root);
}
