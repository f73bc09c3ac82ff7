import { defaultClassify, type Classifier } from '../http/classify.ts';

/** Google sends quota exhaustion as 429, or as 403 `rateLimitExceeded`/`userRateLimitExceeded` ("Rate Limit Exceeded"). */
const RATE_LIMIT = /rate ?limit|quota exceeded|too many requests/i;

/** Reports API verdicts: throttling (429 or a 403 naming a rate limit), 401 → new token once, 5xx → retry. */
export const classifyGoogleReports: Classifier = (status, info) => {
  if (status === 429 || (status === 403 && RATE_LIMIT.test(`${info.code ?? ''} ${info.message ?? ''}`))) return 'throttled';
  return defaultClassify(status, info);
};

/** The token endpoint: `invalid_grant`/`unauthorized_client` (key revoked, delegation missing) are auth failures. */
export const classifyGoogleToken: Classifier = (status, info) => {
  if (status === 429) return 'throttled';
  if (status >= 500 || status === 408) return 'transient';
  const code = info.code ?? '';
  if (status === 401 || code === 'invalid_grant' || code === 'unauthorized_client' || code === 'invalid_client') return 'auth';
  return 'config';
};
