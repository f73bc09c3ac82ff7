import { defaultClassify, type Classifier } from '../http/classify.ts';

/** Okta error codes (`errorCode` in the body) meaning the credential itself is bad. */
const AUTH_CODES = new Set(['E0000011', 'E0000004', 'invalid_client', 'invalid_token']);

/**
 * An SSWS API token cannot be refreshed: a 401 is an auth failure at once. An OAuth access token can: a 401 fetches a
 * new one once (`reauth`). 429 (E0000047) waits for `X-Rate-Limit-Reset`.
 */
export function oktaClassify(refreshable: boolean): Classifier {
  return (status, info) => {
    if (status === 429 || info.code === 'E0000047') return 'throttled';
    if (status === 401) return refreshable ? 'reauth' : 'auth';
    if (info.code !== undefined && AUTH_CODES.has(info.code)) return 'auth';
    return defaultClassify(status, info);
  };
}
