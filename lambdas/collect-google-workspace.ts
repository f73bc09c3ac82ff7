import { collectorFromEnv } from '../lib/sources/google-workspace/index.ts';
import { createCollectHandler, type CollectorBuilder } from './runtime/collect-handler.ts';

/** EventBridge Scheduler → one Google Workspace Reports API collection run. */
export const build: CollectorBuilder = (env, { fetch, log, redactor }) =>
  collectorFromEnv(env, { ...(fetch ? { fetch } : {}), log, redactor });
export const handler = createCollectHandler('google-workspace', build);
