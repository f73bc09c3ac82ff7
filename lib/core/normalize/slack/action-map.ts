import type { Action } from '../../event.ts';

/** Which reader fills `object`/`external`/`details` for an action (one per family of api-contracts.md §3.5–3.6). */
export type SlackFamily =
  | 'file' | 'export' | 'session' | 'identity' | 'channel' | 'connect' | 'app' | 'guardrail' | 'config' | 'anomaly' | 'other';

export type ExportPhase = 'started' | 'completed' | 'downloaded' | 'deleted' | 'approved' | 'enabled';

export interface SlackActionMapping {
  action: Action;
  family: SlackFamily;
  /** Absent = `success`: an audit entry records something that happened. */
  outcome?: 'failure' | 'unknown';
  exportPhase?: ExportPhase;
  /** Role granted by `role_change_to_<role>`. */
  role?: string;
  /** The entity user is a guest: carry them as an external party. */
  guest?: boolean;
}

const EXPORT_KINDS = ['manual', 'scheduled', 'channels', 'manual_user'] as const;
const EXPORT_PHASES = ['started', 'completed', 'downloaded', 'deleted'] as const;

const exportEntries: Record<string, SlackActionMapping> = Object.fromEntries([
  ...EXPORT_KINDS.flatMap((kind) =>
    EXPORT_PHASES.map((phase) => [`${kind}_export_${phase}`, { action: 'message_export', family: 'export', exportPhase: phase }])),
  ['corporate_exports_approved', { action: 'message_export', family: 'export', exportPhase: 'approved' }],
  ['corporate_exports_enabled', { action: 'message_export', family: 'export', exportPhase: 'enabled' }],
  ['workflow_responses_csv_download', { action: 'message_export', family: 'export', exportPhase: 'downloaded' }],
]);

/** Exact vendor action names. */
const EXACT: Record<string, SlackActionMapping> = {
  file_downloaded: { action: 'file_download', family: 'file' },
  file_downloaded_blocked: { action: 'file_download', family: 'file', outcome: 'failure' },
  file_uploaded: { action: 'file_upload', family: 'file' },
  file_shared: { action: 'file_share', family: 'file' },
  file_public_link_created: { action: 'public_link', family: 'file' },
  ...exportEntries,
  user_login: { action: 'login', family: 'session' },
  user_login_failed: { action: 'login_failed', family: 'session', outcome: 'failure' },
  user_logout: { action: 'logout', family: 'session' },
  user_created: { action: 'user_created', family: 'identity' },
  guest_created: { action: 'user_created', family: 'identity', guest: true },
  guest_joined_workspace: { action: 'member_added', family: 'identity', guest: true },
  user_joined_workspace: { action: 'member_added', family: 'identity' },
  // Guest removal closes the "external added then removed" window (recon.temporary-external).
  guest_deactivated: { action: 'member_removed', family: 'identity', guest: true },
  guest_expired: { action: 'member_removed', family: 'identity', guest: true },
  user_channel_join: { action: 'channel_join', family: 'channel' },
  guest_channel_join: { action: 'channel_join', family: 'channel' },
  public_channel_preview: { action: 'channel_preview', family: 'channel' },
  external_shared_channel_invite_sent: { action: 'external_invite', family: 'connect' },
  external_shared_channel_invite_created: { action: 'external_invite', family: 'connect' },
  connect_dm_invite_generated: { action: 'external_invite', family: 'connect' },
  external_shared_channel_invite_accepted: { action: 'external_connect', family: 'connect' },
  external_shared_channel_invite_approved: { action: 'external_connect', family: 'connect' },
  external_shared_channel_connected: { action: 'external_connect', family: 'connect' },
  external_shared_channel_reconnected: { action: 'external_connect', family: 'connect' },
  connect_dm_invite_accepted: { action: 'external_connect', family: 'connect' },
  app_installed: { action: 'app_install', family: 'app' },
  org_app_installed: { action: 'app_install', family: 'app' },
  app_approved: { action: 'app_install', family: 'app' },
  app_scopes_expanded: { action: 'app_scope_change', family: 'app' },
  intune_disabled: { action: 'guardrail_change', family: 'guardrail' },
  anomaly: { action: 'vendor_anomaly', family: 'anomaly', outcome: 'unknown' },
};

/**
 * `pref.*` settings that weaken or strengthen a data-protection control (SSO/MFA, sessions, download/link
 * blocking, DLP, retention, audit-log retention, app approval, device/browser control, Slack Connect policy).
 * Every other `pref.*` is a plain config change.
 */
const SECURITY_PREF =
  /^pref\.(dlp_|sso_|two_factor_|session_duration|mobile_secondary_auth|block_|disallow_public_file_urls|[a-z_]*retention|ext_audit_log_retention|app_whitelist|app_dir_only|ent_browser_control|ent_required_browser|enterprise_mobile_device_check|required_minimum_mobile_version|who_can_manage_ext_shared_channels|who_can_manage_shared_channels|can_receive_shared_channels_invites|slack_connect_|allow_sponsored_slack_connections|sign_in_with_slack_disabled|who_can_manage_guests|workspace_access_changed|notification_redaction_type)/;

type PatternRule = { pattern: RegExp; map: (m: RegExpExecArray) => SlackActionMapping };

/** Families of names, tried in order after the exact table. */
const PATTERNS: readonly PatternRule[] = [
  { pattern: /^role_change_to_([a-z_]+)$/, map: (m) => ({ action: 'role_change', family: 'identity', role: m[1]! }) },
  { pattern: /^external_shared_channel_.*disconnect/, map: () => ({ action: 'external_disconnect', family: 'connect' }) },
  { pattern: /^(external_shared_channel_|connect_dm_invite_|approved_orgs_)/, map: () => ({ action: 'other', family: 'connect' }) },
  { pattern: SECURITY_PREF, map: () => ({ action: 'guardrail_change', family: 'guardrail' }) },
  { pattern: /^pref\./, map: () => ({ action: 'config_change', family: 'config' }) },
  {
    pattern: /^(barrier_|legal_hold_|ekm_|idp_configuration_|idp_(prod|test)_configuration_|native_dlp_|[a-z_]*retention_)/,
    map: () => ({ action: 'guardrail_change', family: 'guardrail' }),
  },
  { pattern: /^(org_app_|app_|bot_token_|workflow_app_)/, map: () => ({ action: 'other', family: 'app' }) },
  { pattern: /^file_/, map: () => ({ action: 'other', family: 'file' }) },
  { pattern: /(_failed|_blocked|\.failure)$/, map: () => ({ action: 'other', family: 'other', outcome: 'failure' }) },
];

const OTHER: SlackActionMapping = { action: 'other', family: 'other' };

/** Canonical meaning of a Slack audit action; unknown-but-valid names map to `other`. */
export function mapSlackAction(vendorAction: string): SlackActionMapping {
  const exact = Object.hasOwn(EXACT, vendorAction) ? EXACT[vendorAction] : undefined;
  if (exact) return exact;
  for (const rule of PATTERNS) {
    const m = rule.pattern.exec(vendorAction);
    if (m) return rule.map(m);
  }
  return OTHER;
}
