import { z } from 'zod';

const SizeSummarySchema = z.object({ count: z.number(), mean: z.number(), p95: z.number(), max: z.number() });

/** What the end-to-end child (hoardwatch-child.ts) reports for one batch. */
export const BatchReportSchema = z.object({
  key: z.string(),
  records: z.number(),
  events: z.number(),
  rejected: z.number(),
  alerts: z.number(),
  principals: z.number(),
  identities: z.number(),
  itemReads: z.number(),
  itemWrites: z.number(),
  profileWrites: z.number(),
  /** Items actually written: in items mode, those handed to save less the ones DynamoDbState found unchanged. */
  itemPuts: z.number(),
  identityWrites: z.number(),
  /**
   * DynamoDB request units: in items mode as the table billed them (encoded items; strongly consistent reads per
   * 4 KB, writes per 1 KB of the larger of the old and new item); otherwise estimated on the items' JSON.
   */
  readUnits: z.number(),
  writeUnits: z.number(),
  /** The same batch's units as plain-JSON items, every item saved written (the layout before encoding): for comparison. */
  jsonReadUnits: z.number(),
  jsonWriteUnits: z.number(),
  meanItemBytes: z.number(),
  maxItemBytes: z.number(),
  seconds: z.number(),
  stateLoadMs: z.number(),
  stateSaveMs: z.number(),
  rssAfterMiB: z.number(),
  /** V8 heap in use after a full GC at the batch's end: the live set the batch left behind. */
  liveHeapAfterMiB: z.number(),
  /** V8 heap in use after a full GC once every event of the batch was added (before state load): its fullest. */
  liveHeapAtLoadMiB: z.number(),
  /** Live heap with the batch's profiles loaded and judged (when identities are loaded). */
  liveHeapJudgedMiB: z.number(),
});
export type BatchReport = z.infer<typeof BatchReportSchema>;

/** file: FileState on disk; memory: FileState.inMemory(); items: DynamoDbState over FileTable (bench/measure/file-table.ts). */
export const StateModeSchema = z.enum(['file', 'memory', 'items']);
export type StateMode = z.infer<typeof StateModeSchema>;

export const HoardwatchResultSchema = z.object({
  state: StateModeSchema,
  batches: z.array(BatchReportSchema),
  /** Wall time of all batches, without time spent measuring item sizes for the cost model. */
  seconds: z.number(),
  /** CPU seconds of the whole process over `seconds` (all its threads); divided by `seconds`: the cores it kept busy. */
  cpuSeconds: z.number(),
  maxRssMiB: z.number(),
  heapUsedMaxMiB: z.number(),
  /** The child's V8 old-space limit, when one was set (--heap-limit-mb). */
  heapLimitMiB: z.number().optional(),
  /** Size of the state at the end: the file, or the table's items as DynamoDB counts them. */
  stateBytes: z.number().optional(),
  workers: z.number().default(1),
  /** Every alert's id and tier, sorted: runs with other worker counts must give exactly these. */
  alertDigest: z.string(),
  /**
   * Distinct alert ids: an alert raised again by a later batch of the same principal-day (the day is judged whole each
   * time data of it arrives; the store rolls it up) is emitted again, so emissions depend on how the data is batched.
   */
  distinctAlerts: z.number(),
  /** Item sizes over the run: JSON of the items read and handed to save; encoded, as stored (items mode). */
  itemSizes: z.object({
    jsonRead: SizeSummarySchema,
    jsonWritten: SizeSummarySchema,
    encodedRead: SizeSummarySchema.optional(),
    encodedWritten: SizeSummarySchema.optional(),
  }).optional(),
});
export type HoardwatchResult = z.infer<typeof HoardwatchResultSchema>;

/** Arguments handed to the child as one JSON argument. */
export const ChildArgsSchema = z.object({
  root: z.string(),
  keys: z.array(z.string()),
  /** A source's batches detected together per call (bench/measure/invocation-groups.ts). */
  batchesPerInvocation: z.number().int().positive().default(1),
  state: StateModeSchema,
  /** The state file to create and use in `file` mode; the directory of item files in `items` mode. */
  statePath: z.string(),
  clockMs: z.number(),
  measureSizes: z.boolean(),
  heapLimitMb: z.number().optional(),
  /** Detect worker threads (replay --workers); 1 judges on the main thread. */
  workers: z.number().int().positive().default(1),
  /** The bundled detect worker (lib/replay/parallel/detect-worker.ts), when workers > 1. */
  workerScript: z.string().optional(),
  resultPath: z.string(),
});
export type ChildArgs = z.infer<typeof ChildArgsSchema>;
