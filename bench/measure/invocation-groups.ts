import { sourceOfBatchKey } from '../../lib/pipeline/batch-source-guard.ts';

/**
 * The detect Lambda's invocations over a corpus when each takes up to `k` queued batches of a source (one SQS FIFO
 * group per source, lambdas/runtime/detect-group.ts): each source's batches in collection order, `k` at a time,
 * the invocations in the order of their first batch. `k` = 1 is a queue that never backs up.
 */
export function invocationGroups(keys: readonly string[], k: number): string[][] {
  const open = new Map<string, string[]>();
  const groups: string[][] = [];
  for (const key of keys) {
    const source = sourceOfBatchKey(key) ?? '';
    let group = open.get(source);
    if (!group || group.length >= k) {
      group = [];
      open.set(source, group);
      groups.push(group);
    }
    group.push(key);
  }
  return groups;
}
