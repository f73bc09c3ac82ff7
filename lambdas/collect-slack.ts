import { collectorFromEnv } from '../lib/sources/slack/index.ts';
import { createCollectHandler } from './runtime/collect-handler.ts';

/** EventBridge Scheduler → one Slack audit-log collection run. */
export const handler = createCollectHandler('slack', (env, opts) => collectorFromEnv(env, opts));
