import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../lib/core/clock.ts';
import { newNormalizeContext, normalizeRecord } from '../../../../lib/core/normalize/index.ts';

const T = Date.UTC(2026, 10, 20, 10, 0, 0);
const ctx = () => newNormalizeContext(fixedClock(T + 3600_000));

function activity(app: string, name: string, parameters: Record<string, unknown>[] = [], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'admin#reports#activity',
    id: { time: new Date(T).toISOString(), uniqueQualifier: '-42', applicationName: app, customerId: 'C01' },
    actor: { callerType: 'USER', email: 'Dana@Example.com', profileId: '7' },
    ownerDomain: 'example.com',
    ipAddress: '198.51.100.7',
    events: [{ type: 't', name, parameters }],
    ...extra,
  };
}

const norm = (record: Record<string, unknown>) => normalizeRecord('google-workspace', { record, stream: String((record['id'] as { applicationName?: string } | undefined)?.applicationName), id: 'x', ref: { file: 'f', line: 1 } }, ctx());
const one = (record: Record<string, unknown>) => {
  const out = norm(record);
  if (!out.ok) throw new Error(`rejected: ${out.reason} ${out.detail ?? ''}`);
  return out.events[0]!;
};

describe('Google Workspace normalizer', () => {
  it('keeps the actor by e-mail (lower-cased), the customer as tenant, the IP, and the vendor action as app.event', () => {
    expect(one(activity('drive', 'download', [{ name: 'doc_id', value: 'd1' }]))).toMatchObject({
      source: 'google-workspace', app: 'google-drive', time: T, tenant: 'C01', actor: { id: 'dana@example.com', type: 'user' },
      src: { ip: '198.51.100.7' }, vendorAction: 'drive.download', action: 'file_download', object: { id: 'd1' },
    });
  });

  it('a share to a domain outside is file_share with external.domain; a share inside carries no external party', () => {
    const out = one(activity('drive', 'change_user_access', [{ name: 'doc_id', value: 'd1' }, { name: 'target_user', value: 'Eve@Rival.test' }, { name: 'new_value', multiValue: ['can_view'] }]));
    expect(out).toMatchObject({ action: 'file_share', external: { domain: 'rival.test', user: 'eve@rival.test' } });
    const inside = one(activity('drive', 'change_user_access', [{ name: 'target_user', value: 'sam@example.com' }]));
    expect(inside.action).toBe('file_share');
    expect(inside.external).toBeUndefined();
    const domainShare = one(activity('drive', 'change_user_access', [{ name: 'target_domain', value: 'partner.test' }]));
    expect(domainShare.external).toEqual({ domain: 'partner.test' });
    expect(one(activity('drive', 'change_user_access', [{ name: 'target_user', value: 'eve@rival.test' }, { name: 'new_value', value: 'none' }])).action).toBe('other');
  });

  it('a link made public is public_link; one that was already public, or made domain-only, is not', () => {
    expect(one(activity('drive', 'change_document_visibility', [{ name: 'visibility', value: 'people_with_link' }, { name: 'old_visibility', value: 'private' }])).action).toBe('public_link');
    expect(one(activity('drive', 'change_document_access_scope', [{ name: 'visibility', value: 'public_on_the_web' }])).action).toBe('public_link');
    expect(one(activity('drive', 'change_document_visibility', [{ name: 'visibility', value: 'people_with_link' }, { name: 'old_visibility', value: 'public_on_the_web' }])).action).toBe('config_change');
    expect(one(activity('drive', 'change_document_visibility', [{ name: 'visibility', value: 'people_within_domain_with_link' }])).action).toBe('config_change');
  });

  it('Chat: an outsider added to a space is external_invite with their domain; joining an externally owned space is external_connect', () => {
    expect(one(activity('chat', 'add_room_member', [{ name: 'target_users', multiValue: ['ann@example.com', 'Zed@Outside.test'] }, { name: 'room_id', value: 'r1' }]))).toMatchObject({
      app: 'google-chat', action: 'external_invite', external: { domain: 'outside.test', user: 'zed@outside.test' }, object: { type: 'space', id: 'r1' },
    });
    expect(one(activity('chat', 'add_room_member', [{ name: 'target_users', multiValue: ['ann@example.com'] }])).action).toBe('member_added');
    expect(one(activity('chat', 'invite_accept', [{ name: 'conversation_ownership', value: 'EXTERNALLY_OWNED' }])).action).toBe('external_connect');
  });

  it('admin data export, Takeout and domain-wide delegation grants map to the shared export and app actions', () => {
    expect(one(activity('admin', 'CUSTOMER_TAKEOUT_CREATED'))).toMatchObject({ action: 'message_export', details: { exportPhase: 'CUSTOMER_TAKEOUT_CREATED' } });
    expect(one(activity('takeout', 'takeout_export_started'))).toMatchObject({ action: 'message_export', details: { exportKind: 'takeout' } });
    expect(one(activity('admin', 'AUTHORIZE_API_CLIENT_ACCESS', [{ name: 'API_CLIENT_NAME', value: '1234.apps' }, { name: 'API_SCOPES', multiValue: ['https://www.googleapis.com/auth/drive'] }]))).toMatchObject({
      action: 'app_scope_change', object: { id: '1234.apps' }, details: { scopes: ['https://www.googleapis.com/auth/drive'] },
    });
    expect(one(activity('admin', 'CHANGE_APPLICATION_SETTING', [{ name: 'SETTING_NAME', value: 'SHARING_OUTSIDE_DOMAIN' }])).action).toBe('config_change');
  });

  it('rejects, each with its reason: no actor, a bad time, no events, an event without a name, not an activity', () => {
    const reason = (r: Record<string, unknown>) => {
      const out = norm(r);
      return out.ok ? 'ok' : out.reason;
    };
    expect(reason(activity('drive', 'download', [], { actor: {} }))).toBe('missing-actor');
    expect(reason({ ...activity('drive', 'download'), id: { time: 'yesterday', uniqueQualifier: '1', applicationName: 'drive' } })).toBe('bad-timestamp');
    expect(reason({ ...activity('drive', 'download'), id: { uniqueQualifier: '1', applicationName: 'drive' } })).toBe('missing-time');
    expect(reason({ ...activity('drive', 'download'), events: [] })).toBe('missing-action');
    expect(reason({ ...activity('drive', 'download'), events: [{ type: 'access' }] })).toBe('missing-action');
    expect(reason({ hello: 'world' })).toBe('not-a-google-workspace-record');
  });
});
