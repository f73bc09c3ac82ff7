import type { RetryEvent } from './http-client.ts';

/** The retry callback a collector uses: the caller's own, or one line per retry on its `log`. */
export function retryReporter(opts: { onRetry?: (e: RetryEvent) => void; log?: (line: string) => void }): ((e: RetryEvent) => void) | undefined {
  if (opts.onRetry) return opts.onRetry;
  const log = opts.log;
  if (!log) return undefined;
  return (e) => log(`${e.vendor}: ${e.reason} (HTTP ${e.status}${e.code ? ` ${e.code}` : ''}) on ${e.request}; retry ${e.attempt} in ${e.delayMs} ms`);
}
