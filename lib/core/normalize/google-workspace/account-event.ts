import type { GwMapped } from './mapped-event.ts';
import { list, scopes, text, type GwEvent } from './parameters.ts';

const LOGIN: Record<string, Pick<GwMapped, 'action' | 'outcome'>> = {
  login_success: { action: 'login' },
  login_failure: { action: 'login_failed', outcome: 'failure' },
  logout: { action: 'logout' },
  '2sv_enroll': { action: 'mfa_change' },
  '2sv_disable': { action: 'mfa_change' },
  recovery_phone_edit: { action: 'mfa_change' },
};

/** Login events: success/failure/logout, 2-step changes; Google's own account warnings → `vendor_anomaly`. */
export function loginEvent(ev: GwEvent): GwMapped {
  const p = ev.params;
  const details: Record<string, unknown> = {};
  const loginType = text(p, 'login_type');
  if (loginType) details['loginType'] = loginType;
  const failure = text(p, 'login_failure_type');
  if (failure) details['failureType'] = failure;
  if (p['is_suspicious'] === true) details['suspicious'] = true;
  const known = LOGIN[ev.name];
  const m: GwMapped = known
    ? { ...known, app: 'google-workspace' }
    : ev.type === 'account_warning' || ev.name.startsWith('suspicious_')
      ? { action: 'vendor_anomaly', app: 'google-workspace', outcome: 'unknown' }
      : { action: 'other', app: 'google-workspace' };
  if (m.action === 'vendor_anomaly') details['kind'] = ev.name;
  return Object.keys(details).length ? { ...m, details } : m;
}

/**
 * OAuth token events: `authorize` (a user grants an app access) → `app_install` with the scopes, so the app-scope
 * detector judges broad grants the way it judges Slack app installs; revocations and token use → `other`.
 */
export function tokenEvent(ev: GwEvent): GwMapped {
  const p = ev.params;
  const clientId = text(p, 'client_id');
  const appName = text(p, 'app_name');
  const object = clientId || appName ? { type: 'oauth-app', ...(clientId ? { id: clientId } : {}), ...(appName ? { name: appName } : {}) } : undefined;
  const granted = scopes(p);
  const action = ev.name === 'authorize' ? 'app_install' : 'other';
  return {
    action, app: 'google-workspace', ...(object ? { object } : {}),
    ...(granted.length ? { details: { scopes: granted } } : {}),
  };
}

/** Admin console events that mean the same as other sources' admin actions; the rest → `config_change` or `other`. */
export function adminEvent(ev: GwEvent): GwMapped {
  const p = ev.params;
  const n = ev.name;
  const setting = text(p, 'SETTING_NAME');
  const details: Record<string, unknown> = {};
  if (setting) details['setting'] = setting;
  const user = text(p, 'USER_EMAIL');
  const object = user ? { type: 'user', id: user.toLowerCase() } : undefined;
  const mapped = (action: GwMapped['action']): GwMapped => ({
    action, app: 'google-workspace', ...(object ? { object } : {}), ...(Object.keys(details).length ? { details } : {}),
  });
  // The admin console's "data export" of the whole organisation (customer Takeout).
  if (/TAKEOUT|DATA_EXPORT/.test(n)) {
    details['exportPhase'] = n;
    const m = mapped('message_export');
    return /FAIL/.test(n) ? { ...m, outcome: 'failure' } : m;
  }
  // Domain-wide delegation: an API client gets scopes over every user's data.
  if (n === 'AUTHORIZE_API_CLIENT_ACCESS') {
    const granted = list(p, 'API_SCOPES');
    if (granted.length) details['scopes'] = granted;
    const client = text(p, 'API_CLIENT_NAME');
    return { ...mapped('app_scope_change'), ...(client ? { object: { type: 'oauth-app', id: client } } : {}) };
  }
  if (n === 'CREATE_USER') return mapped('user_created');
  if (n === 'ASSIGN_ROLE' || n === 'GRANT_ADMIN_PRIVILEGE' || n === 'GRANT_DELEGATED_ADMIN_PRIVILEGES') {
    const role = text(p, 'ROLE_NAME');
    if (role) details['role'] = role;
    return mapped('role_change');
  }
  if (n.startsWith('CHANGE_') || n.endsWith('_SETTING') || setting) return mapped('config_change');
  return mapped('other');
}

/**
 * Takeout (a user exporting their own data) and Vault (an eDiscovery export): the action M365 eDiscovery exports and
 * Slack exports map to, `message_export`; a Vault search → `search`.
 */
export function exportEvent(application: 'takeout' | 'vault', ev: GwEvent): GwMapped {
  const n = ev.name.toLowerCase();
  const matter = text(ev.params, 'matter_id');
  const object = matter ? { type: 'vault-matter', id: matter } : undefined;
  const exporting = application === 'takeout' ? !/view|settings/.test(n) : /export/.test(n);
  const action = exporting ? 'message_export' : n === 'search' ? 'search' : 'other';
  const m: GwMapped = {
    action, app: 'google-workspace', ...(object ? { object } : {}),
    ...(exporting ? { details: { exportPhase: ev.name, exportKind: application } } : {}),
  };
  return exporting && /fail/.test(n) ? { ...m, outcome: 'failure' } : m;
}
