import { defaultClassify, type Classifier } from '../http/classify.ts';

/** Error codes (exact set UNVERIFIED, api-contracts.md §3.2) meaning the token itself is bad. */
export const SLACK_AUTH_CODES = new Set(['invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive']);
/** Codes meaning the token works but the setup is wrong: retrying will not help. */
export const SLACK_CONFIG_CODES = new Set([
  'missing_scope', 'not_allowed_token_type', 'feature_not_enabled', 'not_an_enterprise', 'team_not_authorized',
  'invalid_arguments', 'invalid_cursor', 'no_permission', 'access_denied',
]);

/** A static user token cannot be refreshed, so a 401 is an auth failure straight away (no pointless re-auth call). */
export const slackClassify: Classifier = (status, info) => {
  if (status === 429 || info.code === 'ratelimited') return 'throttled';
  if (status === 401 || (info.code !== undefined && SLACK_AUTH_CODES.has(info.code))) return 'auth';
  if (info.code !== undefined && SLACK_CONFIG_CODES.has(info.code)) return 'config';
  return defaultClassify(status, info);
};
