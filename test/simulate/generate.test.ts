import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../lib/simulate/generate.ts';
import type { Generated } from '../../lib/simulate/generate.ts';
import { DEFAULT_END, SCENARIOS } from '../../lib/simulate/index.ts';
import { ORG, PARTNERS } from '../../lib/simulate/org.ts';
import { toId18 } from '../../lib/simulate/salesforce-id.ts';
import { localDateAt, offsetMinutes } from '../../lib/simulate/zoned-time.ts';
import { parseConfig } from '../../lib/core/config.ts';
import type { ParsedOutput, SimRecord } from './output-reader.ts';
import { integrationPoller } from '../../lib/simulate/scenarios/extra-identities.ts';
import { parseOutput } from './output-reader.ts';

const config = parseConfig(JSON.parse(readFileSync(new URL('../../samples/demo-config.json', import.meta.url), 'utf8')));
const params = config.detectors;

let out: Generated;
let parsed: ParsedOutput;
let cpuMs = 0;

beforeAll(() => {
  // CPU time, not wall time: other suites share the machine's cores while this one runs.
  const c0 = process.cpuUsage();
  out = generate({ days: 14, seed: 42, end: DEFAULT_END });
  const c = process.cpuUsage(c0);
  cpuMs = (c.user + c.system) / 1000;
  parsed = parseOutput(out.files);
});

const truth = (id: string) => {
  const t = out.truth.find((e) => e.id === id);
  if (!t) throw new Error(`no truth entry ${id}`);
  return t;
};
const inEntry = (id: string): SimRecord[] => {
  const t = truth(id);
  const [s, e] = [Date.parse(t.start), Date.parse(t.end)];
  return parsed.records.filter((r) => r.source === t.principal.source && r.principal === t.principal.id && r.time >= s && r.time < e);
};
/** The person's e-mail on a record, whatever the source (Salesforce rows without a username: undefined). */
const emailOf = (r: SimRecord): string | undefined => r.source === 'slack' ? String(rec(r).actor.user.email)
  : r.source === 'm365' ? r.principal : (rec(r).Username ?? rec(r).USER_NAME) as string | undefined;
/** Records of every labelled scenario: the labelled person's, in any source, inside the entry's time range. */
const labelled = (): Set<SimRecord> => new Set(out.truth.flatMap((t) => parsed.records.filter((r) =>
  r.time >= Date.parse(t.start) && r.time < Date.parse(t.end) && (r.principal === t.principal.id || emailOf(r) === t.principal.email))));
/** Benign traps that are habits written over the whole window (only their last days are labelled). */
const HABIT_TRAPS = ['benign-etl-service-account', 'benign-daily-pipeline-export'];
const habitTrap = (r: SimRecord): boolean => HABIT_TRAPS.some((id) => truth(id).principal.id === r.principal);
const localHour = (ms: number): number => new Date(ms + offsetMinutes(ms, ORG.timezone) * 60_000).getUTCHours();
/** Most distinct keys within any window of `minutes`. */
function maxDistinctIn(items: Array<{ time: number; key: string }>, minutes: number): number {
  const sorted = items.slice().sort((a, b) => a.time - b.time);
  let best = 0;
  for (let i = 0; i < sorted.length; i++) {
    const from = sorted[i]?.time ?? 0;
    const keys = new Set(sorted.filter((x) => x.time >= from && x.time < from + minutes * 60_000).map((x) => x.key));
    best = Math.max(best, keys.size);
  }
  return best;
}
const rec = (r: SimRecord) => r.record as Record<string, any>;

describe('generate: vendor formats', () => {
  it('writes every source and stream the brief asks for', () => {
    for (const p of ['salesforce/elf/Login', 'salesforce/elf/Report', 'salesforce/elf/ReportExport', 'salesforce/rtem/ApiEvent.ndjson',
      'salesforce/rtem/ReportEvent.ndjson', 'm365/Audit.SharePoint', 'm365/Audit.Exchange', 'm365/Audit.General',
      'm365/Audit.AzureActiveDirectory']) expect(out.files.some((f) => f.path.startsWith(p)), p).toBe(true);
    expect(out.files.some((f) => /^slack\/audit-logs-\d{4}\.json$/.test(f.path))).toBe(true);
    const ops = new Set(parsed.records.filter((r) => r.source === 'm365').map((r) => String(rec(r).Operation)));
    for (const op of ['FileDownloaded', 'FileAccessed', 'FileSyncDownloadedFull', 'MailItemsAccessed', 'MemberAdded', 'RetrieveMultiple',
      'SearchExported', 'UserLoggedIn']) expect(ops, op).toContain(op);
  });

  it('parses every record strictly (the reader throws on the first bad one) and keeps all inside the window', () => {
    expect(parsed.records.length).toBe(out.stats.events);
    const outside = parsed.records.filter((r) => !(r.time >= out.window.start && r.time < out.window.end));
    expect(outside).toEqual([]);
  });

  it('writes ELF rows with compact + derived timestamps, 15/18-char user ids and usernames on Login rows', () => {
    const elf = parsed.records.filter((r) => r.stream.startsWith('elf:'));
    const compactToIso = (ts: string): string =>
      `${ts.slice(0, 4)}-${ts.slice(4, 6)}-${ts.slice(6, 8)}T${ts.slice(8, 10)}:${ts.slice(10, 12)}:${ts.slice(12)}Z`;
    const bad = elf.filter((r) => {
      const row = rec(r);
      return row.USER_ID_DERIVED !== toId18(row.USER_ID) || compactToIso(String(row.TIMESTAMP)) !== row.TIMESTAMP_DERIVED;
    });
    expect(elf.length).toBeGreaterThan(1000);
    expect(bad).toEqual([]);
    const logins = elf.filter((r) => r.stream === 'elf:Login');
    expect(logins.length).toBeGreaterThan(0);
    expect(logins.filter((r) => !/^[a-z.]+@example\.com$/.test(String(rec(r).USER_NAME)))).toEqual([]);
    // Every Salesforce principal has a Login row that teaches its username.
    const learned = new Set(logins.map((r) => r.principal));
    expect(elf.filter((r) => !learned.has(r.principal))).toEqual([]);
  });

  it('mixes M365 quirks: RecordType as number and string, ClientIP with a port, exact duplicates across blobs', () => {
    const m = parsed.records.filter((r) => r.source === 'm365');
    expect(m.some((r) => typeof rec(r).RecordType === 'string')).toBe(true);
    expect(m.some((r) => typeof rec(r).RecordType === 'number')).toBe(true);
    expect(m.some((r) => /^\d+\.\d+\.\d+\.\d+:\d+$/.test(String(rec(r).ClientIP)))).toBe(true);
    expect(parsed.m365Copies.size).toBeGreaterThan(0);
    for (const copies of parsed.m365Copies.values()) expect(new Set(copies).size).toBe(1);
  });

  it('pages Slack newest first with a cursor on every page but the last', () => {
    const pages = parsed.slackPages;
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((p, i) => {
      if (i < pages.length - 1) expect(p.response_metadata.next_cursor).not.toBe('');
      else expect(p.response_metadata.next_cursor).toBe('');
    });
    const times = pages.flatMap((p) => p.entries.map((e) => e.date_create));
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeLessThanOrEqual(times[i - 1] ?? Infinity);
    const ids = pages.flatMap((p) => p.entries.map((e) => e.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps one person the same across sources (e-mail = Salesforce username = Slack e-mail = UPN)', () => {
    const sf = new Set(parsed.records.filter((r) => r.stream === 'elf:Login').map((r) => String(rec(r).USER_NAME)));
    const slack = new Set(parsed.records.filter((r) => r.source === 'slack').map((r) => String(rec(r).actor.user.email)));
    const m365 = new Set(parsed.records.filter((r) => r.source === 'm365').map((r) => r.principal));
    // Integrations live in Salesforce only: the declared ETL account, and one nobody declared.
    const integrations = new Set([...config.serviceAccounts.map((a) => a.principal), integrationPoller().email]);
    for (const email of sf) {
      expect(slack.has(email) || m365.has(email) || integrations.has(email), email).toBe(true);
      expect(email.endsWith(`@${ORG.domain}`)).toBe(true);
    }
  });
});

describe('generate: org habits', () => {
  it('works mostly in Berlin business hours from 1–2 usual IPs per person', () => {
    const weekday = parsed.records.filter((r) => r.source === 'slack' && rec(r).action === 'file_downloaded');
    const inHours = weekday.filter((r) => localHour(r.time) >= 7 && localHour(r.time) < 19);
    expect(inHours.length / weekday.length).toBeGreaterThan(0.9);
    const ipsBy = new Map<string, Set<string>>();
    const scenarios = labelled();
    for (const r of parsed.records.filter((x) => x.source === 'slack' && !scenarios.has(x) && !String(rec(x).action).startsWith('external_'))) {
      const s = ipsBy.get(r.principal) ?? new Set<string>();
      s.add(String(rec(r).context.ip_address));
      ipsBy.set(r.principal, s);
    }
    for (const ips of ipsBy.values()) expect(ips.size).toBeLessThanOrEqual(2);
  });

  it('keeps ordinary CRM reading under the 1,000 rows/h floor in every sliding hour', () => {
    const scenarios = labelled();
    const reads = parsed.records.filter((r) => !scenarios.has(r) && !habitTrap(r) && (r.stream === 'elf:Report' || r.stream === 'rtem:ApiEvent' || r.stream === 'rtem:ReportEvent'))
      .map((r) => ({ p: r.principal, time: r.time, rows: Number(rec(r).ROW_COUNT ?? rec(r).RowsProcessed) }));
    const worst = new Map<string, number>();
    for (const a of reads) {
      const sum = reads.filter((b) => b.p === a.p && b.time >= a.time && b.time < a.time + 3_600_000).reduce((n, b) => n + b.rows, 0);
      worst.set(a.p, Math.max(worst.get(a.p) ?? 0, sum));
    }
    expect(worst.size).toBeGreaterThan(10);
    expect(Math.max(...worst.values())).toBeLessThan(params['crm.export-volume'].minRowsPerHour);
  });

  it('runs ordinary reports of 50–800 rows', () => {
    const scenarios = labelled();
    const rows = parsed.records.filter((r) => r.stream === 'elf:Report' && !scenarios.has(r) && !habitTrap(r)).map((r) => Number(rec(r).ROW_COUNT));
    expect(rows.length).toBeGreaterThan(100);
    expect(Math.min(...rows)).toBeGreaterThanOrEqual(50);
    expect(Math.max(...rows)).toBeLessThanOrEqual(800);
  });

  it('has real Slack Connect traffic with the configured partners', () => {
    const partnerDomains = new Set(config.partners.flatMap((p) => p.domains));
    const partnerFiles = parsed.records.filter((r) => r.source === 'slack' && rec(r).action === 'file_downloaded' &&
      /rate-card|shipment|delivery|^po-/.test(String(rec(r).entity.file.name)));
    expect(partnerFiles.length).toBeGreaterThan(20);
    expect(PARTNERS.every((p) => partnerDomains.has(p.domain))).toBe(true);
  });
});

describe('generate: truth', () => {
  it('has one truth entry per scenario id, all unique', () => {
    const ids = out.truth.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const sc of SCENARIOS) expect(ids.some((id) => id.startsWith(sc.id)), sc.id).toBe(true);
  });

  it('labels the three required attacks and benign cases, with events of the labelled principal in each range', () => {
    const attacks = out.truth.filter((t) => !t.benign);
    for (const id of ['attack-crm-night-export', 'attack-m365-mass-download', 'attack-slack-mass-download', 'attack-slack-lookalike-connect',
      'attack-teams-lookalike-guest']) expect(attacks.map((t) => t.id)).toContain(id);
    expect(new Set(attacks.map((t) => t.technique))).toEqual(new Set(['T1213.004', 'T1213.005', 'T1591.002']));
    expect(out.truth.filter((t) => t.benign).length).toBeGreaterThanOrEqual(3);
    for (const t of out.truth) {
      expect(inEntry(t.id).length, t.id).toBeGreaterThan(0);
      // Placed in the last days of the window.
      expect(Date.parse(t.start)).toBeGreaterThan(out.window.end - 7 * 86_400_000);
    }
  });

  it('crm export: nine 9,999-row pulls on Contact/Account/Opportunity within an hour, at night, from a new IP', () => {
    const t = truth('attack-crm-night-export');
    expect(t).toMatchObject({ tier: 2, detectors: ['crm.export-volume'], principal: { source: 'salesforce' } });
    const evs = inEntry(t.id);
    const pulls = evs.filter((r) => r.stream === 'elf:Report' || r.stream.startsWith('rtem:'));
    const rows = pulls.map((r) => Number(r.stream === 'elf:Report' ? rec(r).ROW_COUNT : rec(r).RowsProcessed));
    expect(rows).toEqual(Array(9).fill(9_999));
    expect(Date.parse(t.end) - Date.parse(t.start)).toBeLessThanOrEqual(3_600_000);
    expect(rows.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(params['crm.export-volume'].largeRows);
    const entities = new Set(pulls.map((r) => String(rec(r).ENTITY_NAME ?? rec(r).QueriedEntities)));
    expect([...entities].sort()).toEqual(['Account', 'Contact', 'Opportunity']);
    for (const r of evs) expect(localHour(r.time)).toBeLessThan(5);
    const ips = new Set(evs.map((r) => String(rec(r).CLIENT_IP ?? rec(r).SourceIp)));
    expect(ips.size).toBe(1);
    const [ip] = [...ips];
    expect(ip).toMatch(/^185\.220\.101\./);
    const before = parsed.records.filter((r) => r.principal === t.principal.id && r.time < Date.parse(t.start));
    expect(before.length).toBeGreaterThan(0);
    expect(before.some((r) => (rec(r).CLIENT_IP ?? rec(r).SourceIp) === ip)).toBe(false);
    expect(evs.some((r) => r.stream === 'elf:Login' && rec(r).USER_NAME === t.principal.email)).toBe(true);
  });

  it('m365 mass download: >= 60 distinct files in 15 min from an IP never seen for the user', () => {
    const t = truth('attack-m365-mass-download');
    expect(t.tier).toBe(2);
    const dl = inEntry(t.id).filter((r) => rec(r).Operation === 'FileDownloaded');
    const p = params['chat.file-download-volume'];
    expect(maxDistinctIn(dl.map((r) => ({ time: r.time, key: String(rec(r).ObjectId) })), p.m365WindowMinutes)).toBeGreaterThanOrEqual(60);
    const ip = String(rec(dl[0] as SimRecord).ClientIP).split(':')[0];
    const seenBefore = parsed.records.some((r) => r.source === 'm365' && r.principal === t.principal.id && r.time < Date.parse(t.start) &&
      String(rec(r).ClientIP).split(':')[0] === ip);
    expect(seenBefore).toBe(false);
    expect(ip?.startsWith('198.51.100.')).toBe(false);
  });

  it('slack mass download: >= 40 distinct files in 20 min', () => {
    const t = truth('attack-slack-mass-download');
    const dl = inEntry(t.id).filter((r) => rec(r).action === 'file_downloaded');
    expect(maxDistinctIn(dl.map((r) => ({ time: r.time, key: String(rec(r).entity.file.id) })), 20)).toBeGreaterThanOrEqual(40);
    expect(t.principal.email).toBe(String(rec(dl[0] as SimRecord).actor.user.email));
    // Tier 1 from a usual IP in office hours, unless the user is still in cold start (< 7 active days): no-history.
    const startDay = Math.floor(Date.parse(t.start) / 86_400_000);
    const activeDays = new Set(parsed.records.filter((r) => r.source === 'slack' && r.principal === t.principal.id)
      .map((r) => Math.floor(r.time / 86_400_000)).filter((d) => d < startDay));
    expect(t.tier).toBe(activeDays.size < 7 ? 2 : 1);
    const ips = new Set(dl.map((r) => String(rec(r).context.ip_address)));
    const earlier = new Set(parsed.records.filter((r) => r.source === 'slack' && r.principal === t.principal.id &&
      r.time < Date.parse(t.start)).map((r) => String(rec(r).context.ip_address)));
    for (const ip of ips) expect(earlier.has(ip)).toBe(true);
  });

  it('lookalike partners: Slack Connect org and Teams #EXT# guest resemble a partner but are not one', () => {
    const slack = inEntry('attack-slack-lookalike-connect');
    const domains = slack.map((r) => String(rec(r).details.external_user_email).split('@')[1]);
    const partnerDomains = config.partners.flatMap((p) => p.domains);
    expect(domains.length).toBeGreaterThan(0);
    for (const d of domains) {
      expect(partnerDomains).not.toContain(d);
      expect(d?.replace(/[^a-z]/g, '').startsWith('acmelogistics')).toBe(true);
    }
    const teams = inEntry('attack-teams-lookalike-guest').filter((r) => rec(r).Operation === 'MemberAdded');
    const guests = teams.flatMap((r) => (rec(r).Members as Array<{ UPN: string; Role: number }>));
    expect(guests.some((g) => g.Role === 2 && /#EXT#@/.test(g.UPN) && g.UPN.includes('_acmelogistlcs.com#EXT#'))).toBe(true);
  });

  it('benign cases stay below the detectors\' floors', () => {
    const report = inEntry('benign-report-800-rows').filter((r) => r.stream === 'elf:Report');
    expect(report.map((r) => rec(r).ROW_COUNT)).toEqual(['800']);
    const dl = inEntry('benign-analyst-downloads').filter((r) => rec(r).Operation === 'FileDownloaded');
    expect(dl.length).toBeGreaterThanOrEqual(12);
    const p = params['chat.file-download-volume'];
    expect(maxDistinctIn(dl.map((r) => ({ time: r.time, key: String(rec(r).ObjectId) })), p.m365WindowMinutes)).toBeLessThan(p.m365MinFiles);
    const connect = inEntry('benign-partner-connect-slack').filter((r) => String(rec(r).action).startsWith('external_'));
    for (const r of connect) {
      expect(config.partners.flatMap((x) => x.domains)).toContain(String(rec(r).details.external_user_email).split('@')[1]);
    }
    const exportBy = inEntry('benign-ediscovery-export')[0];
    expect(config.privilegedUsers).toContain(exportBy?.principal);
    const hour = localHour(exportBy?.time ?? 0);
    expect(hour >= 8 && hour < 18).toBe(true);
  });
});

describe('generate: volume and speed', () => {
  it('produces 3,000–6,000 records per weekday, 100–2,000 per weekend day, 3,000–6,000 on average', () => {
    const days = Object.entries(out.stats.perDay);
    expect(days.length).toBe(14);
    for (const [day, n] of days) {
      const wd = localDateAt(Date.parse(`${day}T12:00:00Z`), ORG.timezone).weekday;
      if (wd === 0 || wd === 6) expect(n, day).toBeGreaterThanOrEqual(100);
      if (wd === 0 || wd === 6) expect(n, day).toBeLessThanOrEqual(2_000);
      else expect(n >= 3_000 && n <= 6_000, `${day}: ${n}`).toBe(true);
    }
    const mean = out.stats.events / days.length;
    expect(mean >= 3_000 && mean <= 6_000, `mean ${mean}`).toBe(true);
  });

  it('generates 14 days in well under 5 s of CPU', () => {
    expect(cpuMs).toBeLessThan(3_000);
  });
});
