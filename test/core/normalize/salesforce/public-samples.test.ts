import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { NormalizedEvent } from '../../../../lib/core/event.ts';
import { NormalizedEventSchema } from '../../../../lib/core/event.ts';
import { newNormalizeContext } from '../../../../lib/core/normalize/types.ts';
import { normalizeSalesforce } from '../../../../lib/core/normalize/salesforce/index.ts';

/**
 * Third-party public samples (reference only, never copied into the repo). Each file is read in its own format
 * and fed with an unprefixed stream, as `replay` of vendor-native files would: the record's fields decide.
 */
const repoRoot = path.resolve(import.meta.dirname, '../../../..');
const dir = path.resolve(repoRoot, '..', 'shared', 'samples-public', 'salesforce');

type Format = 'csv' | 'soql' | 'ndjson' | 'json-array';

function readRecords(file: string, format: Format): Record<string, unknown>[] {
  const text = readFileSync(path.join(dir, file), 'utf8');
  switch (format) {
    case 'csv': return parse(text, { columns: true, skip_empty_lines: true }) as Record<string, unknown>[];
    case 'soql': return (JSON.parse(text) as { records: Record<string, unknown>[] }).records;
    case 'ndjson': return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
    case 'json-array': return JSON.parse(text) as Record<string, unknown>[];
  }
}

function normalizeFile(file: string, format: Format) {
  const ctx = newNormalizeContext();
  const events: NormalizedEvent[] = [];
  const rejects: Record<string, number> = {};
  readRecords(file, format).forEach((record, i) => {
    const out = normalizeSalesforce({ record, stream: '', id: `${file}:${i + 1}`, ref: { file, line: i + 1 } }, ctx);
    if (out.ok) events.push(...out.events.map((e) => NormalizedEventSchema.parse(e)));
    else rejects[out.reason] = (rejects[out.reason] ?? 0) + 1;
  });
  const rejected = Object.values(rejects).reduce((a, b) => a + b, 0);
  console.log(`salesforce sample ${file}: normalized=${events.length} rejected=${rejected} ${JSON.stringify(rejects)}`);
  return { events, rejects, rejected };
}

describe.skipIf(!existsSync(dir))('Salesforce public samples', () => {
  it('grove-001.csv (raw ELF Login CSV): every row a login', () => {
    const r = normalizeFile('grove-001.csv', 'csv');
    expect([r.events.length, r.rejected]).toEqual([2, 0]);
    expect(r.events.every((e) => e.action === 'login' && e.actor.email !== undefined && e.src?.ip !== undefined)).toBe(true);
    // the two rows are one user: one actor id
    expect(new Set(r.events.map((e) => e.actor.id)).size).toBe(1);
  });

  it('grove-001.json (EventLogFile listing): file metadata, rejected as not-an-event', () => {
    const r = normalizeFile('grove-001.json', 'soql');
    expect(r.events).toHaveLength(0);
    expect(r.rejects).toEqual({ 'not-an-event': 1 });
  });

  it('grove-*_direct.json (Threat Detection SOQL rows without attributes): vendor anomalies with 0–100 scores', () => {
    const report = normalizeFile('grove-report_anomaly_direct.json', 'soql');
    const api = normalizeFile('grove-api_anomaly_direct.json', 'soql');
    expect([report.events.length, report.rejected, api.events.length, api.rejected]).toEqual([1, 0, 1, 0]);
    for (const e of [...report.events, ...api.events]) {
      expect(e.action).toBe('vendor_anomaly');
      expect(e.details?.score).toBeGreaterThan(0);
      expect(e.details?.score).toBeLessThanOrEqual(100);
      expect(e.actor.id).toHaveLength(18);
    }
    expect(report.events[0]!.details?.kind).toBe('ReportAnomaly');
    expect(report.events[0]!.count).toBeGreaterThan(0);
    expect((report.events[0]!.details?.reasons as string[])[0]).toBe('rowCount');
    expect(api.events[0]!.details?.kind).toBe('ApiAnomaly');
  });

  it('integrations-test-login-eventlogfile.log (NDJSON of an ELF row): a login', () => {
    const r = normalizeFile('integrations-test-login-eventlogfile.log', 'ndjson');
    expect([r.events.length, r.rejected]).toEqual([1, 0]);
    expect(r.events[0]).toMatchObject({ action: 'login', vendorAction: 'Login', outcome: 'success' });
    expect(r.events[0]!.tenant).toHaveLength(18);
  });

  it('integrations-test-login-object.log (RTEM LoginEvent NDJSON): one login and one failed login', () => {
    const r = normalizeFile('integrations-test-login-object.log', 'ndjson');
    expect([r.events.length, r.rejected]).toEqual([2, 0]);
    expect(r.events.map((e) => e.action).sort()).toEqual(['login', 'login_failed']);
  });

  it('Azure-Sentinel SalesforceServiceCloud_CL.json (lower-cased ELF keys): accepted, junk header row and user-less row rejected', () => {
    const r = normalizeFile('Azure-Sentinel-SalesforceServiceCloud_CL.json', 'json-array');
    expect([r.events.length, r.rejected]).toEqual([36, 2]);
    expect(r.rejects).toEqual({ 'csv-header-row': 1, 'missing-actor': 1 });
    const actions = new Set(r.events.map((e) => e.action));
    for (const a of ['login', 'logout', 'impersonate', 'report_run', 'export', 'record_query', 'list_view', 'file_download', 'file_upload', 'public_link_used', 'search', 'other'] as const) {
      expect(actions, a).toContain(a);
    }
    // every event type found its family or fell back to other, keeping its vendor name
    expect(new Set(r.events.map((e) => e.vendorAction)).size).toBe(36);
  });
});
