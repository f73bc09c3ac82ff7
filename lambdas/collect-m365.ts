import { collectorFromEnv } from '../lib/sources/m365/index.ts';
import { createCollectHandler, type CollectorBuilder } from './runtime/collect-handler.ts';

/** EventBridge Scheduler → one Microsoft 365 Management Activity collection run. */
export const build: CollectorBuilder = (env, { fetch, log, redactor }) =>
  collectorFromEnv(env, { ...(fetch ? { fetch } : {}), log, redactor, onRetry: (e) => log(`m365: retry ${e.attempt} in ${e.delayMs} ms (${e.reason})`) });
export const handler = createCollectHandler('m365', build);
