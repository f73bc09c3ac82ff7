import { z } from 'zod';
import { HttpClient } from '../http/http-client.ts';
import { SlidingWindowRateLimiter } from '../http/rate-limiter.ts';
import { realSleep } from '../http/sleep.ts';
import { staticToken } from '../http/token-provider.ts';
import { VendorBaseUrl } from '../http/vendor-url.ts';
import { DEFAULT_LOOKBACK_MS, type Collector, type CollectorEnv, type CollectorFactoryOptions } from '../run/collector.ts';
import { CollectorSetupError, MissingCredentialsError } from '../run/errors.ts';
import { collectorFrom } from '../run/runner.ts';
import { slackClassify } from './classify.ts';
import { SlackPullLoop } from './pull-loop.ts';
import { SLACK_MAX_LIMIT } from './schemas.ts';

export { SlackPullLoop } from './pull-loop.ts';
export type { SlackCursor } from './cursor.ts';

export const SLACK_DEFAULT_BASE_URL = 'https://api.slack.com';
/** Tier 3, org-wide (api-contracts.md §3.3). Shared with any other audit consumer: this collector stays within it alone. */
export const SLACK_CALLS_PER_MINUTE = 50;
export const SLACK_DEFAULT_OVERLAP_SECONDS = 3600;

const intFrom = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const SlackEnvSchema = z.object({
  SLACK_TOKEN: z.string().min(1),
  SLACK_API_BASE_URL: VendorBaseUrl.optional(),
  /** Page size (default 9999, the API's largest: the 50 calls a minute org-wide are the scarce resource). */
  SLACK_PAGE_LIMIT: intFrom(1, SLACK_MAX_LIMIT).optional(),
  /** Overlap behind the watermark, seconds (default 3600: entries appear up to about an hour late). */
  SLACK_OVERLAP_SECONDS: intFrom(0, 7 * 24 * 3600).optional(),
});

/** Builds the Slack collector from the environment (`SLACK_TOKEN`, optional `SLACK_API_BASE_URL`, …). */
export function collectorFromEnv(env: CollectorEnv, opts: CollectorFactoryOptions = {}): Collector {
  if (!env.SLACK_TOKEN) throw new MissingCredentialsError('slack', ['SLACK_TOKEN']);
  const blank = (v: string | undefined) => (v === '' ? undefined : v);
  const parsed = SlackEnvSchema.safeParse({
    SLACK_TOKEN: env.SLACK_TOKEN,
    SLACK_API_BASE_URL: blank(env.SLACK_API_BASE_URL),
    SLACK_PAGE_LIMIT: blank(env.SLACK_PAGE_LIMIT),
    SLACK_OVERLAP_SECONDS: blank(env.SLACK_OVERLAP_SECONDS),
  });
  if (!parsed.success) {
    // Name the variables, never their values (one of them is the token).
    const names = [...new Set(parsed.error.issues.map((i) => String(i.path[0])))];
    throw new CollectorSetupError('slack', `invalid environment: ${names.join(', ')}`);
  }
  const cfg = parsed.data;
  const clock = opts.clock ?? { now: () => Date.now() };
  const sleep = opts.sleep ?? realSleep;
  const log = opts.log ?? (() => undefined);
  const client = new HttpClient({
    vendor: 'slack',
    tokenProvider: staticToken(cfg.SLACK_TOKEN),
    secrets: [cfg.SLACK_TOKEN],
    ...(opts.redactor ? { redactor: opts.redactor } : {}),
    classify: slackClassify,
    rateLimiter: new SlidingWindowRateLimiter({ limit: SLACK_CALLS_PER_MINUTE, windowMs: 60_000, clock, sleep }),
    clock,
    sleep,
    ...(opts.random ? { random: opts.random } : {}),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    onRetry: (e) => log(`${e.vendor}: ${e.reason} (HTTP ${e.status}${e.code ? ` ${e.code}` : ''}) on ${e.request}; retry ${e.attempt} in ${e.delayMs} ms`),
  });
  return collectorFrom(
    new SlackPullLoop({
      client,
      baseUrl: cfg.SLACK_API_BASE_URL ?? SLACK_DEFAULT_BASE_URL,
      limit: cfg.SLACK_PAGE_LIMIT ?? SLACK_MAX_LIMIT,
      overlapSeconds: cfg.SLACK_OVERLAP_SECONDS ?? SLACK_DEFAULT_OVERLAP_SECONDS,
      sinceMs: opts.since?.getTime() ?? clock.now() - DEFAULT_LOOKBACK_MS,
    }),
  );
}
