import type { HandoffMessage } from '../../lib/adapters/handoff/handoff-message.ts';
import { detectObject, detectObjects } from './detect-object.ts';
import type { DetectObjectDeps, DetectObjectSummary } from './detect-object.ts';

export interface GroupOutcome {
  summaries: DetectObjectSummary[];
  /** Index of the first message not detected (it and every later one are retried, in order); absent when all were. */
  failedAt?: number;
  error?: unknown;
}

/**
 * One SQS FIFO group's messages of an invocation — a source's batches, in collection order — detected as one batch
 * when there are several in one bucket (detectObjects: each principal's state read and written once for all). When
 * that fails for any reason (a batch folded in part before, an unreadable object, a lost race past its retries), they
 * are detected one at a time as they would be alone: those before a failure count, the failing one and the rest wait.
 */
export async function detectGroup(
  messages: readonly HandoffMessage[],
  deps: DetectObjectDeps,
  onGroupFailed: (error: unknown) => void,
): Promise<GroupOutcome> {
  const bucket = messages[0]?.bucket;
  if (messages.length > 1 && messages.every((m) => m.bucket === bucket)) {
    try {
      return { summaries: [await detectObjects(bucket!, messages.map((m) => m.key), deps)] };
    } catch (err) {
      onGroupFailed(err);
    }
  }
  const summaries: DetectObjectSummary[] = [];
  for (const [i, m] of messages.entries()) {
    try {
      summaries.push(await detectObject(m.bucket, m.key, deps));
    } catch (error) {
      return { summaries, failedAt: i, error };
    }
  }
  return { summaries };
}
