import { Readable } from 'node:stream';
import type { ReadableStream as NodeWebReadableStream } from 'node:stream/web';
import type { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import { backoffDelay, type BackoffPolicy } from './backoff.ts';
import { defaultClassify, parseVendorError, type Classifier, type Verdict, type VendorErrorInfo } from './classify.ts';
import {
  VendorAuthError,
  VendorConfigError,
  VendorHttpError,
  VendorNetworkError,
  VendorRateLimitError,
  VendorResponseError,
  type VendorError,
  type VendorErrorDetails,
} from './errors.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { Redactor } from './redact.ts';
import { parseRetryAfter } from './retry-after.ts';
import { realSleep, type Random, type Sleep } from './sleep.ts';
import type { TokenProvider } from './token-provider.ts';

export interface RetryPolicy extends BackoffPolicy {
  /** Retries after 5xx/408/network errors. */
  maxTransientRetries: number;
  /** Waits after throttling (429 or the vendor's equivalent). */
  maxThrottleRetries: number;
  /** A Retry-After longer than this is capped to it (a misbehaving header must not stall a run for hours). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  maxTransientRetries: 4,
  maxThrottleRetries: 8,
  maxRetryAfterMs: 120_000,
};

/** Reported on every retry (for logs); everything in it is already redacted. */
export interface RetryEvent {
  vendor: string;
  request: string;
  reason: 'throttled' | 'transient' | 'network' | 'reauth';
  status: number;
  code?: string;
  attempt: number;
  delayMs: number;
}

export interface HttpClientOptions {
  /** Source name used in error messages: 'slack' | 'm365' | 'salesforce'. */
  vendor: string;
  /** When set, requests carry `Authorization: Bearer <token>` unless `auth: false`; a 401 refreshes it once. */
  tokenProvider?: TokenProvider;
  /** Scheme of the Authorization header (default `Bearer`; Okta API tokens use `SSWS`). */
  authScheme?: string;
  /**
   * Wait (ms) a throttled response asks for when it has no Retry-After header (Okta sends `X-Rate-Limit-Reset`, epoch
   * seconds). Undefined: backoff.
   */
  throttleHint?: (headers: Headers, nowMs: number) => number | undefined;
  classify?: Classifier;
  retry?: Partial<RetryPolicy>;
  rateLimiter?: RateLimiter;
  /** Secret values to scrub from any message (client secrets, private keys); tokens from the provider are added automatically. */
  secrets?: readonly string[];
  /** Shared redactor (e.g. the Lambda logger's): secrets and every token this client obtains are added to it. */
  redactor?: Redactor;
  fetch?: typeof fetch;
  sleep?: Sleep;
  random?: Random;
  clock?: Clock;
  /** Per-attempt timeout until response headers arrive, ms (default 60 000). */
  timeoutMs?: number;
  onRetry?: (event: RetryEvent) => void;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | URLSearchParams;
  /** Send the bearer token (default true when a token provider is configured). */
  auth?: boolean;
}

export interface HttpStats {
  /** Attempts sent, retries included. */
  requests: number;
  /** Attempts beyond the first, for any reason. */
  retries: number;
  throttled: number;
  reauths: number;
}

/**
 * Small fetch client for vendor APIs: retries (throttling with Retry-After, transient errors with backoff + jitter,
 * one re-authentication on 401), an optional rate limiter in front of every attempt, and typed errors whose
 * messages never contain credentials. `send` returns the successful Response with its body unread; `getJson`
 * validates the body with a zod schema; `stream` hands over the body as a Node stream.
 */
export class HttpClient {
  readonly vendor: string;
  readonly stats: HttpStats = { requests: 0, retries: 0, throttled: 0, reauths: 0 };
  readonly redactor: Redactor;
  readonly #o: HttpClientOptions;
  readonly #retry: RetryPolicy;
  readonly #fetch: typeof fetch;
  readonly #sleep: Sleep;
  readonly #random: Random;
  readonly #clock: Clock;
  readonly #classify: Classifier;

  constructor(opts: HttpClientOptions) {
    this.#o = opts;
    this.vendor = opts.vendor;
    this.redactor = opts.redactor ?? new Redactor();
    for (const secret of opts.secrets ?? []) this.redactor.addSecret(secret);
    this.#retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.#fetch = opts.fetch ?? globalThis.fetch;
    this.#sleep = opts.sleep ?? realSleep;
    this.#random = opts.random ?? Math.random;
    this.#clock = opts.clock ?? { now: () => Date.now() };
    this.#classify = opts.classify ?? defaultClassify;
  }

  async getJson<S extends z.ZodType>(url: string | URL, schema: S, init: RequestOptions = {}): Promise<z.infer<S>> {
    const res = await this.send(url, { ...init, headers: { accept: 'application/json', ...init.headers } });
    const request = this.#describe(init.method, url);
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw new VendorResponseError(`${this.vendor}: ${request} returned a body that is not JSON`, this.#details(res.status, request), { cause });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const where = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new VendorResponseError(`${this.vendor}: ${request} returned an unexpected body (${where})`, this.#details(res.status, request));
    }
    return parsed.data;
  }

  async stream(url: string | URL, init: RequestOptions = {}): Promise<{ body: Readable; status: number; headers: Headers }> {
    const res = await this.send(url, init);
    const body = res.body
      ? Readable.fromWeb(res.body as unknown as NodeWebReadableStream<Uint8Array>)
      : Readable.from([]);
    return { body, status: res.status, headers: res.headers };
  }

  async send(url: string | URL, init: RequestOptions = {}): Promise<Response> {
    const request = this.#describe(init.method, url);
    const useAuth = (init.auth ?? true) && this.#o.tokenProvider !== undefined;
    let throttleRetries = 0;
    let transientRetries = 0;
    let reauthed = false;
    let attempt = 0;
    for (;;) {
      if (attempt > 0) this.stats.retries++;
      attempt++;
      const headers: Record<string, string> = { ...init.headers };
      if (useAuth) {
        const token = await this.#o.tokenProvider!.token();
        this.redactor.addSecret(token);
        headers.authorization = `${this.#o.authScheme ?? 'Bearer'} ${token}`;
      }
      await this.#o.rateLimiter?.acquire();
      this.stats.requests++;
      let res: Response;
      try {
        const reqInit: RequestInit = { method: init.method ?? 'GET', headers, signal: AbortSignal.timeout(this.#o.timeoutMs ?? 60_000) };
        if (init.body !== undefined) reqInit.body = init.body;
        res = await this.#fetch(url, reqInit);
      } catch (cause) {
        if (transientRetries >= this.#retry.maxTransientRetries) {
          const why = cause instanceof Error ? this.redactor.redact(cause.message) : 'request failed';
          throw new VendorNetworkError(`${this.vendor}: ${request} failed without a response after ${attempt} attempts (${why})`, this.#details(0, request), { cause: this.#safeCause(cause) });
        }
        const delay = backoffDelay(transientRetries++, this.#retry, this.#random);
        this.#notify({ reason: 'network', status: 0, attempt, delayMs: delay, request });
        await this.#sleep(delay);
        continue;
      }
      if (res.ok) return res;

      const body = await res.text().catch(() => '');
      const info = this.#safeInfo(parseVendorError(body));
      const verdict: Verdict = this.#classify(res.status, info);
      const code = info.code;
      if (verdict === 'throttled') {
        this.stats.throttled++;
        if (throttleRetries >= this.#retry.maxThrottleRetries) {
          throw new VendorRateLimitError(this.#message(request, res.status, info, `still throttled after ${throttleRetries} waits`), this.#details(res.status, request, code));
        }
        const hinted = parseRetryAfter(res.headers.get('retry-after'), this.#clock.now()) ?? this.#o.throttleHint?.(res.headers, this.#clock.now());
        const delay = hinted !== undefined
          ? Math.min(hinted, this.#retry.maxRetryAfterMs)
          : backoffDelay(throttleRetries, this.#retry, this.#random);
        throttleRetries++;
        this.#notify({ reason: 'throttled', status: res.status, code, attempt, delayMs: delay, request });
        await this.#sleep(delay);
        continue;
      }
      if (verdict === 'transient') {
        if (transientRetries >= this.#retry.maxTransientRetries) {
          throw new VendorHttpError(this.#message(request, res.status, info, `gave up after ${attempt} attempts`), this.#details(res.status, request, code));
        }
        const delay = backoffDelay(transientRetries++, this.#retry, this.#random);
        this.#notify({ reason: 'transient', status: res.status, code, attempt, delayMs: delay, request });
        await this.#sleep(delay);
        continue;
      }
      if (verdict === 'reauth' && useAuth && !reauthed) {
        reauthed = true;
        this.stats.reauths++;
        const fresh = await this.#o.tokenProvider!.token({ refresh: true });
        this.redactor.addSecret(fresh);
        this.#notify({ reason: 'reauth', status: res.status, code, attempt, delayMs: 0, request });
        continue;
      }
      const details = this.#details(res.status, request, code);
      if (verdict === 'reauth' || verdict === 'auth') throw new VendorAuthError(this.#message(request, res.status, info, 'credentials rejected'), details);
      if (verdict === 'config') throw new VendorConfigError(this.#message(request, res.status, info, 'check the configuration'), details);
      throw new VendorHttpError(this.#message(request, res.status, info), details);
    }
  }

  /** Vendor bodies can echo what we sent: scrub them before they reach a message, and keep codes code-sized. */
  #safeInfo(info: VendorErrorInfo): VendorErrorInfo {
    const out: VendorErrorInfo = {};
    if (info.code !== undefined) {
      const code = this.redactor.redact(info.code);
      if (/^[\w.:-]{1,64}$/.test(code)) out.code = code;
      else out.message = code;
    }
    if (info.message !== undefined) out.message = [out.message, this.redactor.redact(info.message)].filter(Boolean).join(': ');
    return out;
  }

  #describe(method: string | undefined, url: string | URL): string {
    return `${method ?? 'GET'} ${this.redactor.redactUrl(url)}`;
  }

  #details(status: number, request: string, code?: string): VendorErrorDetails {
    const d: VendorErrorDetails = { vendor: this.vendor, status, request };
    if (code !== undefined) d.code = code;
    return d;
  }

  #message(request: string, status: number, info: VendorErrorInfo, hint?: string): string {
    const parts = [`${this.vendor}: ${request} → HTTP ${status}`];
    if (info.code) parts.push(info.code);
    let msg = parts.join(' ');
    if (info.message) msg += `: ${this.redactor.redact(info.message).slice(0, 300)}`;
    if (hint) msg += ` (${hint})`;
    return msg;
  }

  /** Network errors from undici can carry the request (headers included) on `cause`: keep only a redacted message. */
  #safeCause(cause: unknown): Error {
    return new Error(cause instanceof Error ? this.redactor.redact(`${cause.name}: ${cause.message}`) : 'unknown');
  }

  #notify(e: Omit<RetryEvent, 'vendor' | 'code'> & { code?: string | undefined }): void {
    const event: RetryEvent = { vendor: this.vendor, request: e.request, reason: e.reason, status: e.status, attempt: e.attempt, delayMs: e.delayMs };
    if (e.code !== undefined) event.code = e.code;
    this.#o.onRetry?.(event);
  }
}

export type { VendorError };
