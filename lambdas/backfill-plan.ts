import { createBackfillPlanHandler } from './runtime/backfill-plan.ts';

/** Step Functions backfill: lists raw/ and writes the per-hour manifests the state machine replays in time order. */
export const handler = createBackfillPlanHandler();
