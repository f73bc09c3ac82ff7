import { defaultClassify, type Classifier } from '../http/classify.ts';

/** Codes that mean the org or our setup is wrong: licence, permission, API access, field-level security. */
const CONFIG_CODES = new Set(['INVALID_TYPE', 'INVALID_FIELD', 'INSUFFICIENT_ACCESS', 'API_DISABLED_FOR_ORG', 'API_CURRENTLY_DISABLED', 'FUNCTIONALITY_NOT_ENABLED', 'NOT_FOUND']);

/**
 * Salesforce REST verdicts (api-contracts.md §1.8). REQUEST_LIMIT_EXCEEDED is the daily org quota: never retried, the
 * pull loop stops the run cleanly on it — except the concurrent long-transaction variant, which is a short backoff.
 */
export const classifySalesforce: Classifier = (status, info) => {
  const code = info.code ?? '';
  if (code === 'REQUEST_LIMIT_EXCEEDED') return /ConcurrentPerOrgLongTxn/i.test(info.message ?? '') ? 'throttled' : 'fatal';
  if (code === 'INVALID_SESSION_ID' || status === 401) return 'reauth';
  if (code === 'QUERY_TIMEOUT' || code === 'SERVER_UNAVAILABLE' || status === 503) return 'transient';
  if (CONFIG_CODES.has(code)) return 'config';
  if (code === 'MALFORMED_QUERY' || code === 'INVALID_QUERY_LOCATOR') return 'fatal';
  return defaultClassify(status, info);
};

/** The OAuth token endpoint: rejected client or grant is an auth failure; anything else 4xx a setup problem. */
export const classifySalesforceToken: Classifier = (status, info) => {
  const code = info.code ?? '';
  if (status === 429) return 'throttled';
  if (status >= 500 || status === 408) return 'transient';
  if (status === 401 || code === 'invalid_client' || code === 'invalid_grant' || code === 'invalid_client_id') return 'auth';
  return 'config';
};
