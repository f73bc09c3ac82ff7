/**
 * Our own vendor-shaped records for replay tests, written from api-contracts.md (§1.5–1.7 Salesforce, §2.7–2.10
 * M365, §3.4–3.7 Slack). Times are fixed so tests are deterministic.
 */
import { gzipSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** 2026-11-10T09:00:00Z, a Tuesday. */
export const T0 = Date.UTC(2026, 10, 10, 9, 0, 0);

export function slackDownload(i: number, at: number, user = 'W0ALICE', file = `F${String(i).padStart(5, '0')}`): Record<string, unknown> {
  return {
    id: `0d6a1c3e-0000-4000-8000-${String(i).padStart(12, '0')}`,
    date_create: Math.floor(at / 1000),
    action: 'file_downloaded',
    actor: { type: 'user', user: { id: user, name: 'Alice Example', email: 'alice@example.com', team: 'T0001' } },
    entity: { type: 'file', file: { id: file, name: `report-${i}.pdf`, title: `report-${i}.pdf`, filetype: 'application/pdf' } },
    context: {
      location: { type: 'workspace', id: 'T0001', name: 'Example', domain: 'example' },
      ua: 'Mozilla/5.0', ip_address: '203.0.113.77', session_id: 1234567890123,
    },
  };
}

/** `n` distinct Slack file downloads, one every 20 s from `start`: a burst the download-volume detector catches. */
export const slackBurst = (n: number, start: number, first = 0): Record<string, unknown>[] =>
  Array.from({ length: n }, (_, k) => slackDownload(first + k, start + k * 20_000));

export function m365Download(id: string, at: number, file: string): Record<string, unknown> {
  return {
    Id: id,
    RecordType: 6,
    CreationTime: new Date(at).toISOString().slice(0, 19),
    Operation: 'FileDownloaded',
    OrganizationId: 'b0e6a3b2-1111-4222-8333-444455556666',
    UserType: 0,
    UserKey: 'i:0h.f|membership|1003200000000001@live.com',
    Workload: 'SharePoint',
    ResultStatus: 'Succeeded',
    ObjectId: `https://example.sharepoint.com/sites/sales/Shared Documents/${file}`,
    UserId: 'bob@example.com',
    ClientIP: '203.0.113.9',
    SiteUrl: 'https://example.sharepoint.com/sites/sales/',
    SourceFileName: file,
    SourceRelativeUrl: 'Shared Documents',
    ItemType: 'File',
  };
}

export function rtemApiEvent(id: string, at: number, rows: number): Record<string, unknown> {
  return {
    attributes: { type: 'ApiEvent', url: `/services/data/v62.0/sobjects/ApiEvent/${id}` },
    EventDate: new Date(at).toISOString(),
    EventIdentifier: id,
    ApiType: 'REST',
    Operation: 'Query',
    Query: 'SELECT Id, Name, Email FROM Contact',
    QueriedEntities: 'Contact',
    RowsProcessed: rows,
    SourceIp: '198.51.100.20',
    UserId: '0055e000008hWkzAAE',
    Username: 'carol@example.com',
  };
}

const ELF_COLUMNS = ['EVENT_TYPE', 'TIMESTAMP', 'REQUEST_ID', 'ORGANIZATION_ID', 'USER_ID', 'USER_ID_DERIVED', 'TIMESTAMP_DERIVED', 'CLIENT_IP', 'ENTITY_NAME', 'REPORT_ID', 'ROW_COUNT', 'USER_NAME'];

const sfCompact = (ms: number): string => new Date(ms).toISOString().replace(/[-:T]/g, '').replace('Z', '');

export function elfReportRow(i: number, at: number, rows: number): Record<string, string> {
  return {
    EVENT_TYPE: 'Report', TIMESTAMP: sfCompact(at), REQUEST_ID: `TID:${1000 + i}`, ORGANIZATION_ID: '00D5e000000AbCd',
    USER_ID: '0055e000008hWkz', USER_ID_DERIVED: '0055e000008hWkzAAE', TIMESTAMP_DERIVED: new Date(at).toISOString(),
    CLIENT_IP: '185.220.101.44', ENTITY_NAME: 'Contact', REPORT_ID: '00O5e000000Rpt1', ROW_COUNT: String(rows), USER_NAME: '',
  };
}

/** ELF CSV as Salesforce sends it: UPPER_SNAKE header, every value double-quoted, `""` escaping. */
export function elfCsv(rows: Record<string, string>[]): string {
  const q = (v: string): string => `"${v.replace(/"/g, '""')}"`;
  return [ELF_COLUMNS.map(q).join(','), ...rows.map((r) => ELF_COLUMNS.map((c) => q(r[c] ?? '')).join(','))].join('\n') + '\n';
}

/** A project batch line; `fetchedAt` must not be before the record (plus 15 min) or it is rejected as implausible-time. */
export const envelopeLine = (source: string, stream: string, id: string, record: Record<string, unknown>, fetchedAt = '2026-11-10T12:00:00Z'): string =>
  `${JSON.stringify({ v: 1, source, stream, id, fetchedAt, record })}\n`;

export const ndjson = (values: unknown[]): string => values.map((v) => `${JSON.stringify(v)}\n`).join('');

/** Writes `text` at root/rel (gzip when `gz`), creating folders; returns the path. */
export function put(root: string, rel: string, text: string, gz = false): string {
  const path = join(root, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, gz ? gzipSync(Buffer.from(text)) : text);
  return path;
}
