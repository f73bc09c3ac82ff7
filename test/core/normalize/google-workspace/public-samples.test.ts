import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileState } from '../../../../lib/adapters/state/file-state.ts';
import { fixedClock } from '../../../../lib/core/clock.ts';
import { defaultConfig } from '../../../../lib/core/config.ts';
import type { NormalizedEvent } from '../../../../lib/core/event.ts';
import { newNormalizeContext, normalizeRecord } from '../../../../lib/core/normalize/index.ts';
import { discoverInputs } from '../../../../lib/replay/discover-inputs.ts';
import { identifyRecord, recordsOf } from '../../../../lib/replay/record-shape.ts';
import { runReplay } from '../../../../lib/replay/run-replay.ts';

const DIR = join(import.meta.dirname, '../../../fixtures/public-samples/google-workspace');
const FILES = readdirSync(DIR).filter((f) => /\.(ndjson|json)$/.test(f)).sort();

/** The file's records as replay reads them: NDJSON lines or one JSON value, pages unwrapped. */
function recordsIn(file: string): Record<string, unknown>[] {
  const text = readFileSync(join(DIR, file), 'utf8');
  const values = file.endsWith('.ndjson') ? text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as unknown) : [JSON.parse(text) as unknown];
  return values.flatMap((v) => recordsOf(v) ?? []) as Record<string, unknown>[];
}

/** One hour after the newest activity of the file: vendor files carry no collection time, the run's clock stands in. */
const clockFor = (file: string) => fixedClock(Math.max(...recordsIn(file).map((r) => Date.parse((r['id'] as { time: string }).time))) + 3600_000);

function normalizeAll(file: string): NormalizedEvent[] {
  const clock = clockFor(file);
  const ctx = newNormalizeContext(clock);
  return recordsIn(file).flatMap((record, i) => {
    const who = identifyRecord(record);
    if (!who.ok) throw new Error(`${file}:${i + 1} not recognised: ${who.detail}`);
    const out = normalizeRecord(who.source, { record, stream: who.stream, id: who.id, ref: { file, line: i + 1 } }, ctx);
    return out.ok ? out.events : [];
  });
}

describe('public Google Workspace samples (test/fixtures/public-samples/google-workspace)', () => {
  it.each(FILES)('%s replays with every record counted and at least 90 percent normalized', async (file) => {
    const out = await runReplay(await discoverInputs([join(DIR, file)]), { state: FileState.inMemory(), config: defaultConfig(), clock: clockFor(file) });
    const records = recordsIn(file).length;
    expect(records).toBeGreaterThan(0);
    expect(out.counts.records).toBe(records);
    const rejected = Object.values(out.counts.rejected).reduce((a, b) => a + b, 0);
    expect(out.counts.normalized + out.counts.duplicates + rejected).toBe(out.read);
    expect(out.counts.duplicates).toBe(0);
    expect(out.counts.normalized / records).toBeGreaterThanOrEqual(0.9);
  });

  it('maps each activity shape onto the canonical actions the detectors read', () => {
    const all = FILES.filter((f) => f.endsWith('.ndjson')).flatMap(normalizeAll);
    const by = (vendorAction: string) => all.find((e) => e.vendorAction === vendorAction);
    expect(by('drive.download')).toMatchObject({ action: 'file_download', app: 'google-drive', object: { id: '1234', name: 'document title' }, src: { ip: '67.43.156.13' } });
    expect(by('drive.print')).toMatchObject({ action: 'file_download', details: { print: true } });
    expect(by('drive.change_document_visibility')).toMatchObject({ action: 'public_link', details: { visibility: 'people_with_link', oldVisibility: 'people_within_domain_with_link' } });
    expect(by('drive.change_user_access')).toMatchObject({ action: 'file_share', external: { domain: 'example.com', user: 'user@example.com' } });
    expect(by('drive.upload')?.action).toBe('file_upload');
    expect(by('token.authorize')).toMatchObject({ action: 'app_install', object: { name: 'Gmail Add-on' } });
    expect(by('token.authorize')?.details?.scopes).toContain('https://www.googleapis.com/auth/gmail.addons.current.message.readonly');
    expect(by('login.login_success')).toMatchObject({ action: 'login', details: { suspicious: true } });
    expect(by('login.login_failure')).toMatchObject({ action: 'login_failed', outcome: 'failure' });
    expect(by('login.suspicious_login')?.action).toBe('vendor_anomaly');
    expect(by('chat.attachment_download')).toMatchObject({ action: 'file_download', app: 'google-chat', object: { id: '1' } });
    expect(by('chat.message_deleted')?.actor.type).toBe('guest');
    expect(by('vault.export')).toMatchObject({ action: 'message_export', object: { type: 'vault-matter' } });
    expect(by('vault.search')?.action).toBe('search');
  });

  it('an API page activity with several events yields one event each, numbered after the first', () => {
    const page = JSON.parse(readFileSync(join(DIR, 'activities-page.json'), 'utf8')) as { items: Record<string, unknown>[] };
    const act = { ...page.items[2]!, events: [...(page.items[2]!['events'] as unknown[]), ...(page.items[3]!['events'] as unknown[])] };
    const who = identifyRecord(act);
    expect(who).toMatchObject({ ok: true, source: 'google-workspace', stream: 'drive', id: 'drive:2020-10-02T15:00:00Z:1' });
    const out = normalizeRecord('google-workspace', { record: act, stream: 'drive', id: 'drive:2020-10-02T15:00:00Z:1', ref: { file: 'p', line: 1 } }, newNormalizeContext(fixedClock(Date.UTC(2020, 9, 3))));
    expect(out.ok && out.events.map((e) => [e.id, e.vendorAction])).toEqual([
      ['drive:2020-10-02T15:00:00Z:1', 'drive.download'],
      ['drive:2020-10-02T15:00:00Z:1#2', 'drive.print'],
    ]);
  });
});
