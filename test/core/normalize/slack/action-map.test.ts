import { describe, expect, it } from 'vitest';
import { ActionSchema } from '../../../../lib/core/event.ts';
import { mapSlackAction } from '../../../../lib/core/normalize/slack/action-map.ts';

describe('mapSlackAction', () => {
  it.each([
    ['file_downloaded', 'file_download'], ['file_downloaded_blocked', 'file_download'], ['file_uploaded', 'file_upload'],
    ['file_shared', 'file_share'], ['file_public_link_created', 'public_link'],
    ['user_login', 'login'], ['user_login_failed', 'login_failed'], ['user_logout', 'logout'],
    ['guest_created', 'user_created'], ['user_created', 'user_created'], ['guest_joined_workspace', 'member_added'],
    ['guest_deactivated', 'member_removed'], ['guest_expired', 'member_removed'],
    ['role_change_to_owner', 'role_change'], ['role_change_to_guest', 'role_change'],
    ['user_channel_join', 'channel_join'], ['guest_channel_join', 'channel_join'], ['public_channel_preview', 'channel_preview'],
    ['external_shared_channel_invite_sent', 'external_invite'], ['external_shared_channel_invite_created', 'external_invite'],
    ['external_shared_channel_invite_accepted', 'external_connect'], ['external_shared_channel_invite_approved', 'external_connect'],
    ['external_shared_channel_connected', 'external_connect'], ['external_shared_channel_reconnected', 'external_connect'],
    ['connect_dm_invite_accepted', 'external_connect'], ['external_shared_channel_disconnected', 'external_disconnect'],
    ['external_shared_channel_disconnect_and_archived', 'external_disconnect'],
    ['external_shared_channel_invite_declined', 'other'],
    ['app_installed', 'app_install'], ['org_app_installed', 'app_install'], ['app_approved', 'app_install'],
    ['app_scopes_expanded', 'app_scope_change'], ['app_uninstalled', 'other'],
    ['pref.dlp_access_changed', 'guardrail_change'], ['pref.two_factor_auth_changed', 'guardrail_change'],
    ['pref.session_duration_changed', 'guardrail_change'], ['pref.block_file_download_for_unapproved_ip', 'guardrail_change'],
    ['pref.disallow_public_file_urls', 'guardrail_change'], ['pref.ext_audit_log_retention_duration_changed', 'guardrail_change'],
    ['pref.dm_retention_changed', 'guardrail_change'], ['channel_retention_changed', 'guardrail_change'],
    ['barrier_created', 'guardrail_change'], ['barrier_deleted', 'guardrail_change'],
    ['legal_hold_policy_entities_deleted', 'guardrail_change'], ['ekm_key_removed', 'guardrail_change'],
    ['idp_configuration_added', 'guardrail_change'], ['idp_prod_configuration_updated', 'guardrail_change'],
    ['native_dlp_rule_deactivated', 'guardrail_change'], ['intune_disabled', 'guardrail_change'],
    ['pref.allow_calls', 'config_change'], ['pref.dnd_enabled', 'config_change'],
    ['anomaly', 'vendor_anomaly'], ['emoji_added', 'other'], ['workspace_copy_started', 'other'],
  ])('%s → %s', (vendor, action) => {
    expect(mapSlackAction(vendor).action).toBe(action);
  });

  it.each(['manual', 'scheduled', 'channels', 'manual_user'])('%s_export_* → message_export with the phase', (kind) => {
    for (const phase of ['started', 'completed', 'downloaded', 'deleted']) {
      expect(mapSlackAction(`${kind}_export_${phase}`)).toMatchObject({ action: 'message_export', exportPhase: phase });
    }
  });

  it('maps corporate exports and workflow CSV downloads to message_export', () => {
    expect(mapSlackAction('corporate_exports_approved').exportPhase).toBe('approved');
    expect(mapSlackAction('corporate_exports_enabled').exportPhase).toBe('enabled');
    expect(mapSlackAction('workflow_responses_csv_download')).toMatchObject({ action: 'message_export', exportPhase: 'downloaded' });
  });

  it('marks failures and the role granted', () => {
    expect(mapSlackAction('file_downloaded_blocked').outcome).toBe('failure');
    expect(mapSlackAction('user_login_failed').outcome).toBe('failure');
    expect(mapSlackAction('team.unsupportedVersions.start.failure')).toMatchObject({ action: 'other', outcome: 'failure' });
    expect(mapSlackAction('role_change_to_admin').role).toBe('admin');
    expect(mapSlackAction('user_login').outcome).toBeUndefined();
  });

  it('does not treat inherited object keys as actions', () => {
    expect(mapSlackAction('constructor').action).toBe('other');
    expect(mapSlackAction('__proto__').action).toBe('other');
  });

  it('only ever yields canonical actions', () => {
    for (const name of ['x', 'pref.', 'role_change_to_', 'file_', 'app_', 'ekm_', 'a_failed']) {
      expect(ActionSchema.safeParse(mapSlackAction(name).action).success).toBe(true);
    }
  });
});
