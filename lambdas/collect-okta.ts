import { collectorFromEnv } from '../lib/sources/okta/index.ts';
import { createCollectHandler } from './runtime/collect-handler.ts';

/** EventBridge Scheduler → one Okta System Log collection run. */
export const handler = createCollectHandler('okta', (env, opts) => collectorFromEnv(env, opts));
