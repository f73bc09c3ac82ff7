import { collectorFromEnv } from '../lib/sources/salesforce/index.ts';
import { createCollectHandler } from './runtime/collect-handler.ts';

/** EventBridge Scheduler → one Salesforce Event Monitoring collection run. */
export const handler = createCollectHandler('salesforce', (env, { fetch, log }) =>
  collectorFromEnv(env, { ...(fetch ? { fetch } : {}), onRetry: (e) => log(`salesforce: retry ${e.attempt} in ${e.delayMs} ms (${e.reason})`) }));
