/**
 * What to do with a non-2xx response. Vendors differ (M365 throttles with AF429 as 429 *or* 403; Salesforce's
 * REQUEST_LIMIT_EXCEEDED is a 403 that must stop the run), so collectors pass their own `classify`, usually
 * wrapping `defaultClassify`.
 */
export type Verdict =
  | 'throttled' // wait (Retry-After or backoff), retry
  | 'transient' // backoff + jitter, retry
  | 'reauth' // refresh the token once, retry; a second one is an auth failure
  | 'auth' // VendorAuthError
  | 'config' // VendorConfigError
  | 'fatal'; // VendorHttpError

/** Error code and message the vendor put in the body, when it did. */
export interface VendorErrorInfo {
  code?: string;
  message?: string;
}

export type Classifier = (status: number, info: VendorErrorInfo) => Verdict;

/**
 * Reads the error body shapes of our three vendors and OAuth token endpoints:
 * Slack `{ok:false,error}`, M365 `{error:{code,message}}`, Salesforce `[{errorCode,message}]`,
 * OAuth `{error,error_description}`.
 */
export function parseVendorError(body: string): VendorErrorInfo {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    // Not JSON (an HTML error page, a proxy message): keep a short excerpt as the message.
    const text = body.trim().slice(0, 200);
    return text ? { message: text } : {};
  }
  const first = Array.isArray(json) ? json[0] : json;
  if (!first || typeof first !== 'object') return {};
  const o = first as Record<string, unknown>;
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  if (o.error && typeof o.error === 'object') {
    const e = o.error as Record<string, unknown>;
    return dropUndefined({ code: str(e.code), message: str(e.message) });
  }
  return dropUndefined({
    code: str(o.errorCode) ?? str(o.error) ?? str(o.code),
    message: str(o.message) ?? str(o.error_description) ?? str(o.needed && `needed ${String(o.needed)}`),
  });
}

function dropUndefined(info: VendorErrorInfo): VendorErrorInfo {
  const out: VendorErrorInfo = {};
  if (info.code !== undefined) out.code = info.code;
  if (info.message !== undefined) out.message = info.message;
  return out;
}

export const defaultClassify: Classifier = (status) => {
  if (status === 429) return 'throttled';
  if (status === 401) return 'reauth';
  if (status === 408 || status >= 500) return 'transient';
  if (status === 400 || status === 403 || status === 404) return 'config';
  return 'fatal';
};
