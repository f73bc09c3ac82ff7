import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileState } from '../../lib/adapters/state/file-state.ts';
import { fixedClock } from '../../lib/core/clock.ts';
import { defaultConfig } from '../../lib/core/config.ts';
import { discoverInputs } from '../../lib/replay/discover-inputs.ts';
import { runReplay } from '../../lib/replay/run-replay.ts';
import { T0, envelopeLine, m365Download, ndjson, put, slackBurst } from './vendor-fixtures.ts';

const clock = fixedClock(Date.UTC(2026, 10, 16));
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hw-replay-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const replay = async (paths: string[], state = FileState.inMemory()) =>
  runReplay(await discoverInputs(paths), { state, config: defaultConfig(), clock });

/** Vendor files with two attacks (Slack and SharePoint download bursts) and an M365 duplicate. */
function writeVendorFiles(root: string): void {
  put(root, 'slack/page-1.json', JSON.stringify({ entries: slackBurst(40, T0 + 13 * 3600_000) }));
  const blob = Array.from({ length: 60 }, (_, i) => m365Download(`c0ffee00-0000-4000-8000-${String(i).padStart(12, '0')}`, T0 + 14 * 3600_000 + i * 10_000, `doc${i}.docx`));
  put(root, 'm365/blob-1.json.gz', JSON.stringify(blob), true);
  put(root, 'm365/blob-2.json', JSON.stringify(blob.slice(0, 3)));
}

describe('runReplay', () => {
  it('runs all vendor files as one batch, drops M365 duplicates across files, and finds the bursts', async () => {
    writeVendorFiles(dir);
    const out = await replay([dir]);
    expect(out).toMatchObject({ files: 3, batches: 1, counts: { records: 103, duplicates: 3 } });
    expect(out.alerts.map((a) => a.principal.id).sort()).toContain('W0ALICE');
  });

  it('replayed twice with the same state file: no new alerts and no baseline counted twice', async () => {
    writeVendorFiles(join(dir, 'logs'));
    const statePath = join(dir, 'state.json');
    const first = await replay([join(dir, 'logs')], await FileState.open(statePath));
    expect(first.alerts.length).toBeGreaterThan(0);
    const profilesAfterFirst = JSON.parse(readFileSync(statePath, 'utf8')).profiles;

    const second = await replay([join(dir, 'logs')], await FileState.open(statePath));
    expect(second.alerts).toEqual([]);
    expect(second.counts.records).toBe(first.counts.records);
    expect(JSON.parse(readFileSync(statePath, 'utf8')).profiles).toEqual(profilesAfterFirst);
  });

  it('replayed again after a file was added: detects only the new file, and drops what it repeats of the old ones', async () => {
    const logs = join(dir, 'logs');
    writeVendorFiles(logs);
    const statePath = join(dir, 'state.json');
    const first = await replay([logs], await FileState.open(statePath));
    const profiles = (): Record<string, { version: number }> => JSON.parse(readFileSync(statePath, 'utf8')).profiles;
    const before = profiles();
    expect(Object.keys(before).sort()).toEqual(['m365:bob@example.com', 'slack:W0ALICE']);

    const oldBlob = JSON.parse(readFileSync(join(logs, 'm365/blob-2.json'), 'utf8')) as Record<string, unknown>[];
    const carol = { ...m365Download('c0ffee00-0000-4000-8000-c00000000001', T0 + 20 * 3600_000, 'new.docx'), UserId: 'carol@example.com' };
    // Named to sort before the old files: they are still read first, so the repeat is the new file's record.
    put(logs, 'm365/blob-0.json', JSON.stringify([oldBlob[0], carol]));
    const second = await replay([logs], await FileState.open(statePath));
    const after = profiles();
    // Alice's and Bob's files were seen before: not one of their records counted again (Bob's repeat is dropped).
    expect(after['slack:W0ALICE']).toEqual(before['slack:W0ALICE']);
    expect(after['m365:bob@example.com']).toEqual(before['m365:bob@example.com']);
    expect(after['m365:carol@example.com']).toMatchObject({ version: 1 });
    expect(second.counts).toMatchObject({ records: first.counts.records + 2, duplicates: first.counts.duplicates + 1 });
    expect(second.alerts).toEqual([]);
  });

  it('detects project batch files one batch each, in key order, like the Lambda', async () => {
    const burst = slackBurst(40, T0 + 13 * 3600_000);
    const key = (h: string) => `raw/source=slack/stream=audit/dt=2026-11-10/hour=${h}/run1-00000${h}.ndjson.gz`;
    const fetched = new Date(T0 + 14 * 3600_000).toISOString();
    put(dir, key('23'), burst.slice(20).map((e) => envelopeLine('slack', 'audit', String(e['id']), e, fetched)).join(''), true);
    put(dir, key('22'), burst.slice(0, 20).map((e) => envelopeLine('slack', 'audit', String(e['id']), e, fetched)).join(''), true);
    const statePath = join(dir, 'state.json');
    const out = await replay([join(dir, 'raw')], await FileState.open(statePath));
    expect(out).toMatchObject({ files: 2, batches: 2, counts: { records: 40, normalized: 40, duplicates: 0 } });
    const profile = JSON.parse(readFileSync(statePath, 'utf8')).profiles['slack:W0ALICE'];
    expect(profile.batches).toHaveLength(2);
    // Each batch saved on its own: the profile was written once per batch.
    expect(profile.version).toBe(2);
  });

  it('goes on past a corrupt gzip and a malformed JSON line, reporting each file and reason', async () => {
    writeVendorFiles(dir);
    writeFileSync(join(dir, 'broken.json.gz'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]));
    put(dir, 'slack/more.ndjson', `${ndjson(slackBurst(2, T0, 500))}{"id":\n`);
    const rejects: Array<[string, string]> = [];
    const out = await runReplay(await discoverInputs([dir]), {
      state: FileState.inMemory(), config: defaultConfig(), clock,
      onReject: (r, item) => { if (!item) rejects.push([r.ref.file, r.reason]); },
    });
    expect(out.counts.records).toBe(105);
    expect(out.counts.rejected).toMatchObject({ 'unreadable-gzip': 1, 'malformed-json': 1 });
    expect(rejects).toEqual([[join(dir, 'broken.json.gz'), 'unreadable-gzip'], [join(dir, 'slack', 'more.ndjson'), 'malformed-json']]);
  });
});
