import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../../../../lib/core/event.ts';
import { NormalizedEventSchema } from '../../../../lib/core/event.ts';
import { normalizeSlack } from '../../../../lib/core/normalize/slack/index.ts';
import { newNormalizeContext } from '../../../../lib/core/normalize/types.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..', '..');
const DIR = path.join(path.resolve(REPO_ROOT, '..', 'shared', 'samples-public'), 'slack');

/** Entries of a sample file in its actual format: NDJSON of entries, a bare JSON array, or a `/logs` page. */
function readEntries(file: string): unknown[] {
  const text = readFileSync(path.join(DIR, file), 'utf8');
  if (file.endsWith('.log') || file.endsWith('.ndjson')) return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as unknown);
  const doc = JSON.parse(text) as unknown;
  if (Array.isArray(doc)) return doc;
  if (typeof doc === 'object' && doc !== null && Array.isArray((doc as { entries?: unknown }).entries)) return (doc as { entries: unknown[] }).entries;
  throw new Error(`${file}: neither an array nor a {entries:[…]} page`);
}

interface FileResult { events: NormalizedEvent[]; rejects: string[] }

function normalizeFile(file: string): FileResult {
  const events: NormalizedEvent[] = [];
  const rejects: string[] = [];
  readEntries(file).forEach((record, i) => {
    const id = typeof (record as { id?: unknown }).id === 'string' ? (record as { id: string }).id : `${file}:${i + 1}`;
    const out = normalizeSlack({ record: record as Record<string, unknown>, stream: 'audit', id, ref: { file, line: i + 1 } }, newNormalizeContext());
    if (out.ok) events.push(...out.events.map((e) => NormalizedEventSchema.parse(e)));
    else rejects.push(out.reason);
  });
  return { events, rejects };
}

/** Measured on the public samples (api-contracts.md §5.1): every entry normalizes. */
const EXPECTED: Record<string, { normalized: number; rejected: number }> = {
  'integrations-test-audit.log': { normalized: 4, rejected: 0 },
  'grove-001.json': { normalized: 1, rejected: 0 },
  'grove-003.json': { normalized: 19, rejected: 0 },
  'Azure-Sentinel-SlackAudit_CL.json': { normalized: 30, rejected: 0 },
};

describe.skipIf(!existsSync(DIR))('Slack normalizer on public samples', () => {
  const files = existsSync(DIR) ? readdirSync(DIR).filter((f) => /\.(json|log|ndjson)$/.test(f)).sort() : [];
  const results = new Map(files.map((f) => [f, normalizeFile(f)] as const));

  it('finds the sample files we have counts for', () => {
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(files)('%s: normalized/rejected counts', (file) => {
    const r = results.get(file)!;
    console.log(`slack sample ${file}: normalized ${r.events.length}, rejected ${r.rejects.length}${r.rejects.length ? ` (${r.rejects.join(', ')})` : ''}`);
    expect({ normalized: r.events.length, rejected: r.rejects.length }).toEqual(EXPECTED[file]);
  });

  it('Sentinel: file actions map, sanitized e-mails are not used, server-side 127.0.0.1 is flagged', () => {
    const { events } = results.get('Azure-Sentinel-SlackAudit_CL.json')!;
    const byAction = (a: string) => events.filter((e) => e.action === a).length;
    expect(byAction('file_download') + byAction('file_upload') + byAction('file_share')).toBe(events.length);
    expect(events.every((e) => e.actor.email === undefined)).toBe(true);
    expect(events.every((e) => e.object?.type === 'file' && typeof e.object.id === 'string')).toBe(true);
    const loopback = events.filter((e) => e.src?.ip === '127.0.0.1');
    expect(loopback.length).toBeGreaterThan(0);
    expect(loopback.every((e) => e.details?.['serverSide'] === true)).toBe(true);
    expect(events.every((e) => e.src?.ua !== '')).toBe(true);
  });

  it('grove-003: entries sharing one Slack id keep it (dedupe is the collector\'s job)', () => {
    const { events } = results.get('grove-003.json')!;
    expect(new Set(events.map((e) => e.id)).size).toBe(1);
    expect(new Set(events.map((e) => e.time)).size).toBeGreaterThan(1);
    expect(events.every((e) => e.action === 'login')).toBe(true);
  });

  it('Elastic: the anomaly carries its reasons and the download its file and session', () => {
    const { events } = results.get('integrations-test-audit.log')!;
    const anomaly = events.find((e) => e.action === 'vendor_anomaly');
    expect(anomaly?.details?.['reasons']).toEqual(expect.arrayContaining(['asn', 'ip_address']));
    const download = events.find((e) => e.action === 'file_download');
    expect(download?.object?.id).toBeTruthy();
    expect(download?.session).toMatch(/^\d+$/);
  });
});
