import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NormalizedEventSchema } from '../../../../lib/core/event.ts';
import { normalizeRecord, newNormalizeContext } from '../../../../lib/core/normalize/index.ts';
import { FIXTURES, clone, entries, firstWithAction, one, run, withAction } from './slack-fixtures.ts';

describe('normalizeSlack: every fixture entry', () => {
  it('normalizes all our fixture entries into schema-valid events with the envelope id and ref', () => {
    entries.forEach((record, i) => {
      const out = run(record, `env-${i}`, i + 1);
      expect(out.ok, `${String(record['action'])} #${i}`).toBe(true);
      if (!out.ok) return;
      const [event] = out.events;
      expect(NormalizedEventSchema.parse(event)).toMatchObject({
        id: `env-${i}`, source: 'slack', app: 'slack', vendorAction: record['action'], ref: { file: 'audit-entries.ndjson', line: i + 1 },
      });
    });
  });

  it('turns date_create epoch seconds into epoch ms and location.id into the tenant', () => {
    const rec = firstWithAction('user_login');
    const e = one(rec);
    expect(e.time).toBe((rec['date_create'] as number) * 1000);
    expect(new Date(e.time).toISOString()).toBe(new Date((rec['date_create'] as number) * 1000).toISOString());
    expect(e.tenant).toBe((rec['context'] as any).location.id);
  });

  it('goes through the source dispatcher too', () => {
    const out = normalizeRecord('slack', { record: firstWithAction('user_logout'), stream: 'audit', id: 'x', ref: { file: 'f', line: 1 } }, newNormalizeContext());
    expect(out.ok && out.events[0]?.action).toBe('logout');
  });
});

describe('files', () => {
  it('file_downloaded → file_download on the file id, with actor, session, ip and ua', () => {
    const rec = firstWithAction('file_downloaded');
    const e = one(rec);
    expect(e.action).toBe('file_download');
    expect(e.outcome).toBe('success');
    expect(e.object).toEqual({ type: 'file', id: 'F0FILE0001', name: 'q3-pipeline.xlsx' });
    expect(e.actor).toEqual({ id: 'U0ALICE01', name: 'Alice Moreau', email: 'alice.moreau@northwind.example', type: 'user' });
    expect(e.session).toBe('1789012345678');
    expect(e.src).toEqual({ ip: '203.0.113.10', ua: (rec['context'] as any).ua });
    expect(e.details?.['serverSide']).toBeUndefined();
  });

  it('counts distinct files by object.id across downloads of the same file by different names', () => {
    const ids = withAction('file_downloaded').map((r) => one(r).object?.id);
    expect(new Set(ids).size).toBeLessThan(ids.length); // F0FILE0001 is downloaded twice
    expect(ids.every((id) => typeof id === 'string' && id.startsWith('F0FILE'))).toBe(true);
  });

  it('file_downloaded_blocked → file_download with outcome failure', () => {
    const e = one(firstWithAction('file_downloaded_blocked'));
    expect([e.action, e.outcome, e.object?.id]).toEqual(['file_download', 'failure', 'F0FILE0002']);
  });

  it.each([
    ['file_uploaded', 'file_upload'],
    ['file_shared', 'file_share'],
    ['file_public_link_created', 'public_link'],
  ])('%s → %s with the file as object', (vendor, action) => {
    const e = one(firstWithAction(vendor));
    expect(e.action).toBe(action);
    expect(e.object?.type).toBe('file');
    expect(e.object?.id).toMatch(/^F0FILE/);
  });

  it('falls back to the file title when the name is missing', () => {
    const rec = clone(firstWithAction('file_shared'));
    delete rec['entity'].file.name;
    rec['entity'].file.title = 'Pipeline Q3';
    expect(one(rec).object).toEqual({ type: 'file', id: 'F0FILE0001', name: 'Pipeline Q3' });
  });

  it('reads the object of any entity type, and a user object without a name by its title', () => {
    const workspace = one(firstWithAction('emoji_added')).object;
    expect(workspace?.type).toBe('workspace');
    expect(workspace?.id).toBe((firstWithAction('emoji_added')['entity'] as any).workspace.id);
    const rec = clone(firstWithAction('user_created'));
    delete rec['entity'].user.name;
    rec['entity'].user.title = 'Head of Sales';
    expect(one(rec).object).toEqual({ type: 'user', id: rec['entity'].user.id, name: 'Head of Sales' });
  });
});

describe('exports', () => {
  it.each([
    ['manual_export_started', 'started', 'STANDARD'],
    ['scheduled_export_completed', 'completed', 'CORPORATE'],
    ['channels_export_downloaded', 'downloaded', 'CHANNELS'],
    ['manual_user_export_deleted', 'deleted', undefined],
    ['corporate_exports_approved', 'approved', undefined],
    ['corporate_exports_enabled', 'enabled', undefined],
    ['workflow_responses_csv_download', 'downloaded', undefined],
  ])('%s → message_export phase %s', (vendor, phase, type) => {
    const e = one(firstWithAction(vendor));
    expect(e.action).toBe('message_export');
    expect(e.details?.['exportPhase']).toBe(phase);
    expect(e.details?.['exportType']).toBe(type);
  });

  it('keeps the workspace or workflow as the exported object', () => {
    expect(one(firstWithAction('manual_export_started')).object).toEqual({ type: 'workspace', id: 'T0NWT5678', name: 'Northwind Sales' });
    expect(one(firstWithAction('workflow_responses_csv_download')).object).toEqual({ type: 'workflow', id: 'Wf0FORM001', name: 'Lead intake' });
  });
});

describe('sessions', () => {
  it.each([
    ['user_login', 'login', 'success'],
    ['user_login_failed', 'login_failed', 'failure'],
    ['user_logout', 'logout', 'success'],
  ])('%s → %s (%s)', (vendor, action, outcome) => {
    const e = one(firstWithAction(vendor));
    expect([e.action, e.outcome]).toEqual([action, outcome]);
    expect(e.tenant).toBe('E0NWT1234');
  });
});

describe('users, guests and roles', () => {
  it('guest_created → user_created with the guest as external party', () => {
    const e = one(firstWithAction('guest_created'));
    expect(e.action).toBe('user_created');
    expect(e.actor.id).toBe('W0ADMIN03');
    expect(e.object).toEqual({ type: 'user', id: 'U0GUEST01', name: 'Pat Vendor' });
    expect(e.external).toEqual({ user: 'pat.vendor@contoso-partners.example', domain: 'contoso-partners.example', name: 'Pat Vendor' });
    expect(e.details?.['guest']).toBe(true);
  });

  it('user_created → user_created without an external party', () => {
    const e = one(firstWithAction('user_created'));
    expect(e.action).toBe('user_created');
    expect(e.external).toBeUndefined();
  });

  it('guest_joined_workspace → member_added with external', () => {
    const e = one(firstWithAction('guest_joined_workspace'));
    expect(e.action).toBe('member_added');
    expect(e.external?.domain).toBe('contoso-partners.example');
  });

  it('role_change_to_admin → role_change with the new role and values', () => {
    const e = one(firstWithAction('role_change_to_admin'));
    expect(e.action).toBe('role_change');
    expect(e.details?.['newRole']).toBe('admin');
    expect(e.object?.id).toBe('U0BOB0002');
  });
});

describe('channels', () => {
  it.each([
    ['user_channel_join', 'channel_join', 'C0CHAN0001', 'deal-desk'],
    ['guest_channel_join', 'channel_join', 'C0CHAN0002', 'partner-ops'],
    ['public_channel_preview', 'channel_preview', 'C0CHAN0003', 'board-prep'],
  ])('%s → %s on the channel', (vendor, action, id, name) => {
    const e = one(firstWithAction(vendor));
    expect(e.action).toBe(action);
    expect(e.object).toEqual({ type: 'channel', id, name });
  });
});

describe('Slack Connect', () => {
  it('invite_sent → external_invite with org name, lower-case user e-mail and its domain', () => {
    const e = one(firstWithAction('external_shared_channel_invite_sent'));
    expect(e.action).toBe('external_invite');
    expect(e.external).toEqual({ org: 'Contoso Partners', domain: 'contoso-partners.example', user: 'pat.vendor@contoso-partners.example' });
    expect(e.details?.['externalOrgId']).toBe('E0CONTOSO1');
    expect(e.object).toEqual({ type: 'channel', id: 'C0CHAN0004', name: 'contoso-deal' });
  });

  it('invite_created → external_invite naming the other team from details.target_team', () => {
    const e = one(firstWithAction('external_shared_channel_invite_created'));
    expect(e.action).toBe('external_invite');
    expect(e.external).toEqual({ org: 'Fabrikam Inc', domain: 'fabrikam' });
    expect(e.details?.['externalOrgId']).toBe('T0FABRIKM');
  });

  it.each(['external_shared_channel_invite_accepted', 'external_shared_channel_connected', 'external_shared_channel_reconnected', 'connect_dm_invite_accepted'])(
    '%s → external_connect', (vendor) => {
      expect(one(firstWithAction(vendor)).action).toBe('external_connect');
    });

  it('uses the external user id when no e-mail is given', () => {
    const e = one(firstWithAction('external_shared_channel_invite_accepted'));
    expect(e.external).toEqual({ org: 'Contoso Partners', user: 'U0EXT0001' });
  });

  it('takes the other team from teams_shared_with, skipping our own workspace', () => {
    const e = one(firstWithAction('external_shared_channel_connected'));
    expect(e.details?.['externalOrgId']).toBe('T0LITWARE');
    expect(e.external).toBeUndefined(); // an id alone is no name/domain/user
  });

  it('ignores an external_user_email that is not an address', () => {
    const e = one(firstWithAction('external_shared_channel_reconnected'));
    expect(e.external).toEqual({ org: 'Contoso Partners' });
  });

  it('connect_dm_invite_accepted carries org and domain from the e-mail', () => {
    expect(one(firstWithAction('connect_dm_invite_accepted')).external).toEqual({ org: 'Tailspin Toys', domain: 'tailspin.example', user: 'sam@tailspin.example' });
  });

  it('*_disconnected → external_disconnect', () => {
    const e = one(firstWithAction('external_shared_channel_disconnected'));
    expect(e.action).toBe('external_disconnect');
    expect(e.details?.['externalOrgId']).toBe('T0LITWARE');
  });
});

describe('apps', () => {
  it('app_installed → app_install with details.scopes and the app as object', () => {
    const e = one(firstWithAction('app_installed'));
    expect(e.action).toBe('app_install');
    expect(e.details?.['scopes']).toEqual(['files:read', 'channels:history', 'search:read']);
    expect(e.object).toEqual({ type: 'app', id: 'A0REPORTR1', name: 'Report Exporter' });
  });

  it('org_app_installed reads scopes from entity.app.scopes', () => {
    const e = one(firstWithAction('org_app_installed'));
    expect(e.action).toBe('app_install');
    expect(e.details?.['scopes']).toEqual(['files:read', 'channels:history']);
  });

  it('app_approved → app_install, splitting a comma-separated scope string', () => {
    const e = one(firstWithAction('app_approved'));
    expect(e.action).toBe('app_install');
    expect(e.details?.['scopes']).toEqual(['chat:write', 'files:read']);
  });

  it('app_scopes_expanded → app_scope_change with new scopes and the added ones', () => {
    const e = one(firstWithAction('app_scopes_expanded'));
    expect(e.action).toBe('app_scope_change');
    expect(e.details?.['scopes']).toEqual(['chat:write', 'files:read', 'channels:history', 'search:read']);
    expect(e.details?.['addedScopes']).toEqual(['files:read', 'channels:history', 'search:read']);
  });
});

describe('guardrails and config', () => {
  it.each([
    'pref.dlp_access_changed', 'pref.sso_setting_changed', 'barrier_updated', 'legal_hold_policy_released',
    'pref.public_channel_retention_changed', 'ekm_unenrolled', 'idp_configuration_deleted',
  ])('%s → guardrail_change naming the setting', (vendor) => {
    const e = one(firstWithAction(vendor));
    expect(e.action).toBe('guardrail_change');
    expect(e.details?.['setting']).toBe(vendor);
  });

  it('keeps primitive previous/new values and drops structured ones', () => {
    expect(one(firstWithAction('pref.dlp_access_changed')).details).toMatchObject({ previousValue: 'enabled', newValue: 'disabled' });
    const sso = one(firstWithAction('pref.sso_setting_changed'));
    expect(sso.details?.['newValue']).toBeUndefined();
  });

  it('other pref.* → config_change', () => {
    const e = one(firstWithAction('pref.allow_calls'));
    expect(e.action).toBe('config_change');
    expect(e.details).toMatchObject({ setting: 'pref.allow_calls', previousValue: true, newValue: false });
  });
});

describe('anomaly', () => {
  const [arrayReasons, stringReason] = withAction('anomaly');

  it('→ vendor_anomaly with reasons, ms action timestamp and the previous IP', () => {
    const e = one(arrayReasons!);
    expect(e.action).toBe('vendor_anomaly');
    expect(e.outcome).toBe('unknown');
    const raw = (arrayReasons as any).details;
    expect(e.details).toMatchObject({
      reasons: ['tor', 'ip_address'], actionTimestamp: raw.action_timestamp, location: 'Frankfurt, DE',
      previousIp: '203.0.113.10', ipAddressDetails: ['new-asn'],
    });
    expect(e.object).toEqual({ type: 'user', id: 'U0ALICE01', name: 'Alice Moreau' });
  });

  it('wraps a string reason in an array and converts µs action timestamps to ms', () => {
    const e = one(stringReason!);
    const raw = (stringReason as any).details;
    expect(e.details?.['reasons']).toEqual(['unexpected_scraping']);
    expect(e.details?.['actionTimestamp']).toBe(Math.round(raw.action_timestamp / 1000));
    expect(Math.abs((e.details?.['actionTimestamp'] as number) - e.time)).toBeLessThan(3_600_000);
    expect(e.details?.['scrapingTool']).toBe('Go-based tool');
    expect(e.details?.['previousUa']).toBeUndefined();
  });
});

describe('quirks', () => {
  it('unknown but valid actions → other, keeping the vendor name', () => {
    const e = one(firstWithAction('emoji_added'));
    expect([e.action, e.vendorAction, e.outcome]).toEqual(['other', 'emoji_added', 'success']);
  });

  it('server-side 127.0.0.1 is kept and flagged; ua "" and session_id null are dropped', () => {
    const e = one(firstWithAction('file_uploaded'));
    expect(e.src).toEqual({ ip: '127.0.0.1' });
    expect(e.session).toBeUndefined();
    expect(e.details?.['serverSide']).toBe(true);
  });

  it('an app in context makes the actor an app, keeping the user id', () => {
    const rec = withAction('file_downloaded').find((r) => (r['context'] as any).app);
    const e = one(rec!);
    expect(e.actor).toMatchObject({ id: 'U0ALICE01', type: 'app' });
  });

  it('a non-user actor type is an app; an app-only actor uses the app id', () => {
    const rec = clone(firstWithAction('user_login'));
    rec['actor'] = { type: 'app', app: { id: 'A0BOT0001', name: 'Sync Bot' } };
    expect(one(rec).actor).toEqual({ id: 'A0BOT0001', name: 'Sync Bot', type: 'app' });
  });

  it('keeps a session_id beyond 2^53 as the decimal form of the parsed number, without exponent', () => {
    const line = readFileSync(join(FIXTURES, 'audit-entries.ndjson'), 'utf8').split('\n').find((l) => l.includes('18446744073709551615'))!;
    const parsed = JSON.parse(line) as Record<string, any>;
    const e = one(parsed);
    expect(e.session).toMatch(/^\d+$/);
    expect(Number(e.session)).toBe(parsed['context'].session_id);
    expect(e.session).toBe(String(parsed['context'].session_id));
    const huge = clone(parsed);
    huge['context'].session_id = 1e22;
    expect(one(huge).session).toBe('10000000000000000000000');
  });

  it('accepts date_create as a numeric string', () => {
    const rec = entries.find((r) => typeof r['date_create'] === 'string')!;
    expect(one(rec).time).toBe(Number(rec['date_create']) * 1000);
  });

  it('accepts the SIEM-reformatted "YYYY-MM-DD HH:MM:SS" date_create as UTC', () => {
    const rec = clone(firstWithAction('user_logout'));
    rec['date_create'] = '2025-11-21 04:40:00';
    expect(one(rec).time).toBe(Date.UTC(2025, 10, 21, 4, 40, 0));
  });

  it('keeps acting_agent in details', () => {
    const rec = entries.find((r) => r['acting_agent'] !== undefined)!;
    expect(one(rec).details?.['actingAgent']).toBe('Slackbot');
  });

  it('does not use a non-address e-mail (sanitized_email.com) as actor.email', () => {
    const rec = withAction('file_downloaded').find((r) => (r['actor'] as any).user.email === 'sanitized_email.com')!;
    const e = one(rec);
    expect(e.actor).toEqual({ id: 'U0SANIT01', name: 'user7', type: 'user' });
    expect(e.session).toBeUndefined();
  });

  it('keeps input.id as given even when entries share one Slack id', () => {
    const rec = firstWithAction('user_login');
    const a = one(rec);
    const b = one({ ...rec, date_create: (rec['date_create'] as number) + 1 });
    expect(a.id).toBe(b.id);
    expect(a.time).not.toBe(b.time);
  });

  it('normalizes the entries of a /logs response page', () => {
    const page = JSON.parse(readFileSync(join(FIXTURES, 'logs-page.json'), 'utf8')) as { entries: Record<string, unknown>[] };
    expect(page.entries.map((r) => one(r).action)).toEqual(['file_download', 'login', 'vendor_anomaly']);
  });
});

describe('rejects', () => {
  const base = () => clone(firstWithAction('file_downloaded'));

  it.each([
    ['missing-time', (r: Record<string, any>) => { delete r['date_create']; }],
    ['missing-time', (r: Record<string, any>) => { r['date_create'] = null; }],
    ['bad-timestamp', (r: Record<string, any>) => { r['date_create'] = 'yesterday'; }],
    ['bad-timestamp', (r: Record<string, any>) => { r['date_create'] = 1763700060000; }],
    ['missing-actor', (r: Record<string, any>) => { delete r['actor']; }],
    ['missing-actor', (r: Record<string, any>) => { r['actor'] = { type: 'user', user: { name: 'no id' } }; }],
    ['missing-actor', (r: Record<string, any>) => { r['actor'] = 'U0ALICE01'; }],
    ['missing-action', (r: Record<string, any>) => { delete r['action']; }],
    ['not-a-slack-record', (r: Record<string, any>) => { r['action'] = 42; }],
  ])('%s', (reason, mutate) => {
    const rec = base();
    mutate(rec);
    const out = run(rec);
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.reason).toBe(reason);
      expect(out.detail).toBeTruthy();
    }
  });

  it('rejects a non-object record', () => {
    const out = run([] as unknown as Record<string, unknown>);
    expect(out).toMatchObject({ ok: false, reason: 'not-a-slack-record' });
  });
});
