import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lib/core/config.ts';
import { generate } from '../../lib/simulate/generate.ts';
import type { Generated } from '../../lib/simulate/generate.ts';
import { DEFAULT_END } from '../../lib/simulate/index.ts';
import { ORG } from '../../lib/simulate/org.ts';
import { DECOY_REPORT } from '../../lib/simulate/scenarios/decoy-report.ts';
import { etlServiceAccount } from '../../lib/simulate/scenarios/extra-identities.ts';
import { offsetMinutes } from '../../lib/simulate/zoned-time.ts';
import type { ParsedOutput, SimRecord } from './output-reader.ts';
import { parseOutput } from './output-reader.ts';

const config = parseConfig(JSON.parse(readFileSync(new URL('../../samples/demo-config.json', import.meta.url), 'utf8')));

let out: Generated;
let parsed: ParsedOutput;
beforeAll(() => {
  out = generate({ days: 14, seed: 9, end: DEFAULT_END });
  parsed = parseOutput(out.files);
});

const rec = (r: SimRecord) => r.record as Record<string, any>;
const truth = (id: string) => {
  const t = out.truth.find((e) => e.id === id);
  if (!t) throw new Error(`no truth entry ${id}`);
  return t;
};
/** Records of a source inside an entry's time range, by anyone. */
const during = (id: string, source: SimRecord['source']): SimRecord[] => {
  const t = truth(id);
  return parsed.records.filter((r) => r.source === source && r.time >= Date.parse(t.start) && r.time < Date.parse(t.end));
};
const localHour = (ms: number): number => new Date(ms + offsetMinutes(ms, ORG.timezone) * 60_000).getUTCHours();

describe('scenarios: vendor shapes per api-contracts.md', () => {
  it('Slack anomaly carries details.reason as a list; scopes, previews, DLP pref and exports use the real action names', () => {
    const slack = parsed.records.filter((r) => r.source === 'slack');
    const anomalies = slack.filter((r) => rec(r).action === 'anomaly');
    expect(anomalies.length).toBeGreaterThanOrEqual(4);
    for (const a of anomalies) {
      expect(Array.isArray(rec(a).details.reason)).toBe(true);
      expect(typeof rec(a).details.action_timestamp).toBe('number');
    }
    const expanded = slack.filter((r) => rec(r).action === 'app_scopes_expanded');
    expect(expanded.some((r) => rec(r).details.new_scopes.includes('channels:history') && !rec(r).details.previous_scopes.includes('channels:history'))).toBe(true);
    for (const action of ['public_channel_preview', 'pref.dlp_access_changed', 'manual_export_started', 'app_installed', 'file_public_link_created']) {
      expect(slack.some((r) => rec(r).action === action), action).toBe(true);
    }
    const previews = slack.filter((r) => rec(r).action === 'public_channel_preview');
    expect(previews.every((r) => rec(r).entity.type === 'channel' && rec(r).entity.channel.privacy === 'public')).toBe(true);
  });

  it('several new external orgs in a day in Slack, none a partner', () => {
    const invites = during('attack-slack-new-orgs', 'slack').filter((r) => rec(r).action === 'external_shared_channel_invite_sent');
    const orgs = new Set(invites.map((r) => rec(r).details.external_organization_id));
    expect(orgs.size).toBeGreaterThanOrEqual(3);
    const partnerDomains = config.partners.flatMap((p) => p.domains);
    for (const r of invites) expect(partnerDomains).not.toContain(String(rec(r).details.external_user_email).split('@')[1]);
  });

  it('M365: throttled MailItemsAccessed with OperationCount, AnonymousLinkCreated of passwords.xlsx, Teams guest in and out within the hour', () => {
    const mail = during('attack-m365-mail-harvest', 'm365').filter((r) => rec(r).Operation === 'MailItemsAccessed');
    expect(mail.reduce((n, r) => n + Number(rec(r).OperationCount), 0)).toBeGreaterThan(config.detectors['chat.mail-items'].minItemsPerHour * 10);
    expect(mail.some((r) => rec(r).OperationProperties.some((p: { Name: string; Value: string }) => p.Name === 'IsThrottled' && p.Value === 'True'))).toBe(true);
    const links = during('attack-m365-anonymous-links', 'm365').filter((r) => rec(r).Operation === 'AnonymousLinkCreated');
    expect(links.map((r) => rec(r).SourceFileName)).toContain('passwords.xlsx');
    const teams = during('attack-teams-temporary-guest', 'm365').filter((r) => ['MemberAdded', 'MemberRemoved'].includes(rec(r).Operation));
    const added = teams.find((r) => rec(r).Operation === 'MemberAdded');
    const removed = teams.find((r) => rec(r).Operation === 'MemberRemoved');
    expect(added && removed).toBeTruthy();
    expect(rec(added!).Members[0].UPN).toBe(rec(removed!).Members[0].UPN);
    expect(rec(added!).Members[0].UPN).toMatch(/#EXT#@/);
    expect(removed!.time - added!.time).toBeLessThan(60 * 60_000);
  });

  it('exfiltration chain: a Salesforce report export, then within 2 h an anonymous OneDrive link and a Slack public link by the same person', () => {
    const t = truth('attack-chain-export-then-leak');
    const sf = during(t.id, 'salesforce').filter((r) => r.principal === t.principal.id && r.stream === 'elf:ReportExport');
    expect(sf).toHaveLength(1);
    const m365 = during(t.id, 'm365').filter((r) => rec(r).UserId === t.principal.email && rec(r).SourceFileName === 'Kontakte_2026.xlsx')
      .sort((a, b) => a.time - b.time).map((r) => [rec(r).Operation, r.time - sf[0]!.time]);
    expect(m365.map(([op]) => op)).toEqual(['FileUploaded', 'AnonymousLinkCreated']);
    const slack = during(t.id, 'slack').filter((r) => rec(r).actor?.user?.email === t.principal.email && rec(r).entity?.file?.name === 'contacts.csv')
      .sort((a, b) => a.time - b.time).map((r) => [rec(r).action, r.time - sf[0]!.time]);
    expect(slack.map(([a]) => a)).toEqual(['file_uploaded', 'file_public_link_created']);
    for (const [, after] of [...m365, ...slack]) expect(Number(after)).toBeLessThan(2 * 3_600_000);
  });

  it('eDiscovery SearchExported and Teams MessagesExported by people who are not privileged, at night', () => {
    for (const [id, op] of [['attack-m365-message-exports-ediscovery', 'SearchExported'], ['attack-m365-message-exports-teams', 'MessagesExported']] as const) {
      const t = truth(id);
      const r = during(id, 'm365').find((x) => rec(x).Operation === op && x.principal === t.principal.id);
      expect(r, id).toBeDefined();
      expect(config.privilegedUsers).not.toContain(t.principal.email);
      expect(localHour(r!.time) >= 18 || localHour(r!.time) < 8).toBe(true);
    }
  });

  it('Dynamics ExportToExcel and RetrieveMultiple list their results in QueryResults', () => {
    const crm = during('attack-dynamics-partner-graph', 'm365').filter((r) => rec(r).Workload === 'CRM');
    const exports = crm.filter((r) => rec(r).Operation === 'ExportToExcel');
    expect(exports.length).toBe(5);
    const ids = (r: SimRecord): number => String(rec(r).QueryResults).split(',').filter((x) => x.trim()).length;
    expect(crm.filter((r) => rec(r).Operation === 'RetrieveMultiple' && ids(r) <= 1).length).toBeGreaterThanOrEqual(5);
    expect(crm.filter((r) => ['competitor', 'opportunity', 'account'].includes(rec(r).EntityName) && ids(r) === 300)).toHaveLength(3);
  });

  it('Salesforce: Threat Detection stores, python-requests COUNT() probes over many objects, and the decoy report listed in the config', () => {
    const sf = parsed.records.filter((r) => r.source === 'salesforce');
    expect(sf.some((r) => r.stream === 'rtem:ReportAnomalyEventStore' && rec(r).Score > 0.8)).toBe(true);
    const probes = during('attack-crm-probe-bulk-pull-probe', 'salesforce').filter((r) => r.stream === 'rtem:ApiEvent' && /COUNT\(\)/.test(rec(r).Query));
    expect(new Set(probes.map((r) => rec(r).QueriedEntities)).size).toBeGreaterThanOrEqual(config.detectors['crm.count-probing'].minObjects);
    expect(probes.every((r) => rec(r).RowsProcessed <= 1 && /python-requests/.test(rec(r).Client))).toBe(true);
    expect(config.honeytokens).toContain(DECOY_REPORT.id18);
    expect(sf.some((r) => r.stream === 'elf:Report' && rec(r).REPORT_ID_DERIVED === DECOY_REPORT.id18)).toBe(true);
  });
});

describe('scenarios: benign habits', () => {
  it('the ETL account is a reasoned, expiring service account in the config and pulls every night', () => {
    const svc = etlServiceAccount();
    const entry = config.serviceAccounts.find((a) => a.principal === svc.email);
    expect(entry?.reason).toBeTruthy();
    expect(entry?.expires).toBeTruthy();
    const nights = new Set(parsed.records.filter((r) => r.principal === svc.sf.id18 && r.stream === 'rtem:ApiEvent')
      .map((r) => Math.floor(r.time / 86_400_000)));
    expect(nights.size).toBeGreaterThanOrEqual(13);
  });

  it('the weekly export-and-deck habit exports, uploads and shares, but never makes a public link or shares outside', () => {
    const t = truth('benign-weekly-export-deck');
    const mine = parsed.records.filter((r) => r.principal === t.principal.id || rec(r).UserId === t.principal.email || rec(r).actor?.user?.email === t.principal.email);
    expect(mine.filter((r) => r.stream === 'elf:ReportExport').length).toBeGreaterThanOrEqual(1);
    expect(mine.some((r) => rec(r).Operation === 'FileUploaded') && mine.some((r) => rec(r).action === 'file_shared')).toBe(true);
    expect(mine.filter((r) => ['AnonymousLinkCreated', 'SharingInvitationCreated'].includes(rec(r).Operation) || rec(r).action === 'file_public_link_created')).toEqual([]);
  });

  it('the OneDrive sync and the 3,000-row export recur every weekday, not just on labelled days', () => {
    const sync = truth('benign-onedrive-vdi-sync');
    const syncDays = new Set(parsed.records.filter((r) => r.principal === sync.principal.id && rec(r).Operation === 'FileSyncDownloadedFull' &&
      r.time < Date.parse(sync.start)).map((r) => Math.floor(r.time / 86_400_000)));
    expect(syncDays.size).toBeGreaterThanOrEqual(4);
    const exp = truth('benign-daily-pipeline-export');
    const rows = parsed.records.filter((r) => r.principal === exp.principal.id && r.stream === 'elf:Report').map((r) => Number(rec(r).ROW_COUNT));
    expect(rows.length).toBeGreaterThanOrEqual(9);
    for (const n of rows) expect(Math.abs(n - 3_000)).toBeLessThanOrEqual(60);
  });
});
