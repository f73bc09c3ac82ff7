import type { CollectorFactoryOptions } from '../run/collector.ts';
import type { Clock } from '../../core/clock.ts';
import type { HttpClientOptions, RetryEvent, RetryPolicy } from './http-client.ts';
import { Redactor } from './redact.ts';

/** The shared factory options (since, clock, sleep, random, fetch, log) plus retry tuning, for HTTP collectors. */
export interface RetryingCollectorOptions extends CollectorFactoryOptions {
  retry?: Partial<RetryPolicy>;
  /** Retry events; by default they become `log` lines. */
  onRetry?: (e: RetryEvent) => void;
}

/** The retry callback a collector uses: the caller's own, or one line per retry on its `log`. */
export function retryReporter(opts: { onRetry?: (e: RetryEvent) => void; log?: (line: string) => void }): ((e: RetryEvent) => void) | undefined {
  if (opts.onRetry) return opts.onRetry;
  const log = opts.log;
  if (!log) return undefined;
  return (e) => log(`${e.vendor}: ${e.reason} (HTTP ${e.status}${e.code ? ` ${e.code}` : ''}) on ${e.request}; retry ${e.attempt} in ${e.delayMs} ms`);
}

/**
 * The HttpClient options a collector's clients share: its vendor name, the secrets to scrub, the caller's redactor,
 * clock, retry tuning and test seams (sleep, random, fetch), and the retry reporter.
 */
export function sharedHttpOptions(vendor: string, secrets: readonly string[], opts: RetryingCollectorOptions, clock: Clock): HttpClientOptions {
  const onRetry = retryReporter(opts);
  return {
    vendor,
    secrets,
    redactor: opts.redactor ?? new Redactor(),
    clock,
    ...(opts.sleep ? { sleep: opts.sleep } : {}),
    ...(opts.random ? { random: opts.random } : {}),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    ...(opts.retry ? { retry: opts.retry } : {}),
    ...(onRetry ? { onRetry } : {}),
  };
}
