import { createDetectHandlers } from './runtime/detect-handler.ts';

/** SQS (handoff queue) → detection per batch, and the Step Functions backfill item handler. */
export const { handler, backfillHandler } = createDetectHandlers();
