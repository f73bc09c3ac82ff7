/**
 * Typed failures of vendor calls. Messages are built from redacted text only (see redact.ts): they are safe to
 * print and to log. `vendor` is the collector's source name ('slack', 'm365', 'salesforce').
 */
export interface VendorErrorDetails {
  vendor: string;
  /** HTTP status, 0 when no response arrived. */
  status: number;
  /** The vendor's error code when it sent one (`AF20022`, `INVALID_SESSION_ID`, `missing_scope`, …). */
  code?: string;
  /** Redacted `METHOD url` of the failing request. */
  request?: string;
}

export class VendorError extends Error {
  readonly vendor: string;
  readonly status: number;
  readonly code: string | undefined;
  readonly request: string | undefined;

  constructor(message: string, details: VendorErrorDetails, options?: ErrorOptions) {
    super(message, options);
    this.name = 'VendorError';
    this.vendor = details.vendor;
    this.status = details.status;
    this.code = details.code;
    this.request = details.request;
  }
}

/** Credentials rejected (after one re-authentication attempt, when a token provider was available). */
export class VendorAuthError extends VendorError {
  override readonly name: string = 'VendorAuthError';
}

/** The vendor says our setup is wrong (missing scope, feature off, no subscription, bad parameter): retrying won't help. */
export class VendorConfigError extends VendorError {
  override readonly name: string = 'VendorConfigError';
}

/** Any other non-retryable or retries-exhausted HTTP failure. */
export class VendorHttpError extends VendorError {
  override readonly name: string = 'VendorHttpError';
}

/** Still throttled after the allowed number of throttle waits. */
export class VendorRateLimitError extends VendorHttpError {
  override readonly name: string = 'VendorRateLimitError';
}

/** No HTTP response at all (DNS, connection reset, timeout) after the allowed retries. */
export class VendorNetworkError extends VendorError {
  override readonly name: string = 'VendorNetworkError';
}

/** A 2xx response whose body does not match the vendor contract we rely on. */
export class VendorResponseError extends VendorError {
  override readonly name: string = 'VendorResponseError';
}
