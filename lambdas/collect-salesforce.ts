import { collectorFromEnv } from '../lib/sources/salesforce/index.ts';
import { createCollectHandler, type CollectorBuilder } from './runtime/collect-handler.ts';

/** EventBridge Scheduler → one Salesforce Event Monitoring collection run. */
export const build: CollectorBuilder = (env, { fetch, log, redactor }) =>
  collectorFromEnv(env, { ...(fetch ? { fetch } : {}), log, redactor, onRetry: (e) => log(`salesforce: retry ${e.attempt} in ${e.delayMs} ms (${e.reason})`) });
export const handler = createCollectHandler('salesforce', build);
