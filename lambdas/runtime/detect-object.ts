import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { AlertDelivery, DeliveryOutcome, RecordedAlerts } from '../../lib/adapters/alerts/deliver-alerts.ts';
import { escalatedAlerts, publishRecorded, recordAlerts } from '../../lib/adapters/alerts/deliver-alerts.ts';
import type { BatchSource } from '../../lib/adapters/ports.ts';
import { s3Uri } from '../../lib/adapters/batches/s3-uri.ts';
import { MetricName, count, seconds } from '../../lib/adapters/logging/metrics.ts';
import type { OversizeItem } from '../../lib/adapters/state/item-size.ts';
import type { Alert } from '../../lib/core/alert.ts';
import type { Config } from '../../lib/core/config.ts';
import type { QuarantineLine } from '../../lib/core/envelope.ts';
import type { Reject } from '../../lib/core/event.ts';
import type { StatePort } from '../../lib/core/state.ts';
import { StateConflictError } from '../../lib/core/state.ts';
import { objectLedgerId } from '../../lib/pipeline/batch-ledger.ts';
import type { BatchLedger } from '../../lib/pipeline/batch-ledger.ts';
import { rejectForeignSources, sourceOfBatchKey } from '../../lib/pipeline/batch-source-guard.ts';
import { detectBatch } from '../../lib/pipeline/detect-batch.ts';
import type { RawItem, RawRecordItem } from '../../lib/pipeline/raw-item.ts';
import type { UsernameBookStore } from '../../lib/pipeline/username-book.ts';
import { readInput } from '../../lib/replay/read-input.ts';

export interface DetectObjectDeps {
  state: StatePort;
  config: Config;
  now: () => number;
  /** Opens batches in a bucket. */
  sourceFor: (bucket: string) => BatchSource;
  /** Writes a batch's rejects under quarantine/ in its bucket. */
  quarantine: (bucket: string, batchKey: string, lines: QuarantineLine[]) => Promise<unknown>;
  delivery: AlertDelivery;
  metrics: Metrics;
  /** Processed batches: one found there is skipped before it is read. */
  ledger?: BatchLedger;
  /** The Salesforce username book, read and updated by Salesforce batches. */
  usernames?: UsernameBookStore;
  /** Where per-item problems that do not fail the batch are told (oversize state items). */
  warn?: (message: string, data: Record<string, unknown>) => void;
  /** Whole-batch attempts when another invocation updated the same profiles first (default 4). */
  maxAttempts?: number;
}

export interface DetectObjectSummary {
  bucket: string;
  /** The batches detected together (one, or the queued batches of a source). */
  keys: string[];
  batchId: string;
  /** Detected before (ledger): nothing was read, detected or published now. */
  alreadyProcessed: boolean;
  /** Of `keys`, those found in the ledger and skipped unread. */
  skipped: number;
  records: number;
  events: number;
  rejects: number;
  alerts: number;
  published: number;
  duplicateAlerts: number;
  unpublished: number;
  stateRetries: number;
  /** State items left unwritten because they were over budget. */
  oversizeItems: number;
}

/** A read failure of the S3 body, or a body cut short or corrupt: fail the message so SQS retries the batch. */
export class BatchReadError extends Error {
  constructor(readonly uri: string, detail: string) {
    super(`${uri}: reading the batch failed: ${detail}`);
    this.name = 'BatchReadError';
  }
}

/** Rejects kept per batch for quarantine; past this only their number is recorded (a wholly broken batch is huge). */
const QUARANTINE_CAP = 10_000;

/** Batch keys carry the collection hour (`dt=YYYY-MM-DD/hour=HH`): how far detection runs behind collection. */
export function collectedAt(key: string): number | undefined {
  const m = /\/dt=(\d{4}-\d{2}-\d{2})\/hour=(\d{2})\//.exec(key);
  return m ? Date.parse(`${m[1]}T${m[2]}:00:00Z`) : undefined;
}

/**
 * One raw batch through normalize → core → state, then its rejects to quarantine and its alerts delivered. The
 * batch is streamed from S3 (memory grows with principals, not records); a lost state race re-reads and re-runs it
 * (profiles already holding the batch id count nothing twice). A batch in the processed-batch ledger is skipped.
 * A state item over budget is left unwritten, logged and counted (`OversizeItems`); the rest of the batch is saved.
 */
export function detectObject(bucket: string, key: string, deps: DetectObjectDeps): Promise<DetectObjectSummary> {
  return detectObjects(bucket, [key], deps);
}

/**
 * Batches of one source in collection order, detected as one: each principal's items are read and written once for
 * all of them (the state writes are most of what detection costs, and a source's batches share most principals).
 * Each batch keeps its own id in the profiles and the ledger (detectBatch `separateFiles`), so detecting any of them
 * again, alone or grouped otherwise, counts nothing twice; a group that was folded in part before fails with
 * BatchPartlyFoldedError, for the caller to detect its batches one at a time. Batches in the ledger are skipped unread.
 */
export async function detectObjects(bucket: string, keys: readonly string[], deps: DetectObjectDeps): Promise<DetectObjectSummary> {
  const m = deps.metrics;
  // A key named twice (a handoff message sent again) is one batch: read twice it would count twice.
  const batches: Batch[] = [...new Set(keys)].map((key) => {
    const uri = s3Uri(bucket, key);
    return { key, uri, alias: objectLedgerId(uri) };
  });
  const done = deps.ledger ? await deps.ledger.processed(batches.map((b) => b.alias)) : new Set<string>();
  if (done.size > 0) count(m, MetricName.BatchesAlreadyProcessed, done.size);
  const todo = batches.filter((b) => !done.has(b.alias));
  if (todo.length === 0) {
    return {
      bucket, keys: [...keys], batchId: batches.map((b) => b.alias).join(' '), alreadyProcessed: true, skipped: done.size, records: 0,
      events: 0, rejects: 0, alerts: 0, published: 0, duplicateAlerts: 0, unpublished: 0, stateRetries: 0, oversizeItems: 0,
    };
  }
  const keyOf = new Map(todo.map((b) => [b.uri, b.key]));
  const uris = todo.map((b) => b.uri);
  const source = deps.sourceFor(bucket);
  const salesforce = todo.some((b) => sourceOfBatchKey(b.key) === 'salesforce');
  const maxAttempts = deps.maxAttempts ?? 4;
  // Alerts recorded by any attempt: an attempt that lost a state race may have written them to an identity already.
  const mine = new Map<string, Alert>();
  const duplicates = new Set<string>();
  for (let attempt = 1; ; attempt++) {
    // Rejects by batch (their ref.file is the batch's URI), each batch's quarantine object beside it.
    const quarantine = new Map<string, { lines: QuarantineLine[]; rejected: number }>();
    const onReject = (r: Reject, item?: RawRecordItem): void => {
      const q = quarantine.get(r.ref.file) ?? { lines: [], rejected: 0 };
      quarantine.set(r.ref.file, q);
      q.rejected++;
      if (q.lines.length < QUARANTINE_CAP) q.lines.push(quarantineLine(r, item));
    };
    let oversize: OversizeItem[] = [];
    try {
      const outcome = await detectBatch(readAll(source, todo), {
        state: deps.state,
        config: deps.config,
        clock: { now: deps.now },
        onReject,
        aliases: todo.map((b) => b.alias),
        ...(todo.length > 1 ? { separateFiles: true } : {}),
        ...(deps.ledger ? { ledger: deps.ledger } : {}),
        ...(deps.usernames && salesforce ? { usernames: deps.usernames } : {}),
        onOversize: (items) => {
          oversize = [...items];
          deps.warn?.('state items over budget left unwritten', { batches: uris, items: items.map((i) => ({ kind: i.kind, key: i.key, bytes: i.bytes })) });
        },
        // Alerts are recorded before the state marks the batch as counted; published only after the save.
        beforeSave: async (r) => {
          // Alerts of earlier batches that a fact in this one escalated are recorded and published again, as updates.
          const recorded = await recordAlerts([...r.alerts, ...(await escalatedAlerts(r.escalations, deps.delivery))], deps.delivery);
          for (const a of [...recorded.fresh, ...recorded.updates]) mine.set(a.id, a);
          for (const id of recorded.duplicates) if (!mine.has(id)) duplicates.add(id);
        },
      });
      let rejected = 0;
      for (const [uri, q] of quarantine) {
        rejected += q.rejected;
        if (q.rejected > q.lines.length) {
          q.lines.push({ reason: 'quarantine-truncated', ref: { file: uri, line: 0 }, detail: `${q.rejected - q.lines.length} more rejects not kept` } as QuarantineLine & { detail: string });
        }
        // A reject without a batch of its own (none is made today) goes beside the first batch.
        await deps.quarantine(bucket, keyOf.get(uri) ?? todo[0]!.key, q.lines);
      }
      const recorded: RecordedAlerts = { fresh: [...mine.values()], updates: [], duplicates: [...duplicates] };
      const delivered: DeliveryOutcome = await publishRecorded(recorded, deps.delivery);
      count(m, MetricName.RecordsIn, outcome.counts.records);
      count(m, MetricName.Rejects, rejected);
      count(m, MetricName.Alerts, outcome.result.alerts.length);
      count(m, MetricName.AlertsPublished, delivered.published.length);
      count(m, MetricName.DuplicateAlerts, delivered.duplicates.length);
      count(m, MetricName.AlertPublishFailures, delivered.failed.length);
      count(m, MetricName.AlertsParked, delivered.parked.length);
      count(m, MetricName.StateRetries, attempt - 1);
      count(m, MetricName.OversizeItems, oversize.length);
      count(m, MetricName.ItemsShed, outcome.result.stats.shed.length);
      if (outcome.result.stats.shed.length) deps.warn?.('state items shed data to fit their budget', { batches: uris, items: outcome.result.stats.shed });
      if (outcome.alreadyProcessed) count(m, MetricName.BatchesAlreadyProcessed, todo.length);
      for (const b of todo) {
        const collected = collectedAt(b.key);
        if (collected !== undefined) seconds(m, MetricName.LagSeconds, Math.max(0, (deps.now() - collected) / 1000));
      }
      return {
        bucket, keys: [...keys], batchId: outcome.batchId, alreadyProcessed: outcome.alreadyProcessed, skipped: done.size,
        records: outcome.counts.records, events: outcome.counts.events, rejects: rejected,
        alerts: outcome.result.alerts.length, published: delivered.published.length,
        duplicateAlerts: delivered.duplicates.length, unpublished: delivered.failed.length, stateRetries: attempt - 1,
        oversizeItems: oversize.length,
      };
    } catch (err) {
      if (!(err instanceof StateConflictError) || attempt >= maxAttempts) throw err;
    }
  }
}

interface Batch {
  key: string;
  uri: string;
  /** Its id in the processed-batch ledger, known before reading it. */
  alias: string;
}

/** The batches' records one batch after the other, each checked against its key's source and failing on a read error. */
async function* readAll(source: BatchSource, batches: readonly Batch[]): AsyncGenerator<RawItem> {
  for (const { key, uri } of batches) yield* rejectForeignSources(failOnReadError(readInput({ source, key, name: uri }), uri), key);
}

function quarantineLine(r: Reject, item?: RawRecordItem): QuarantineLine {
  const line: QuarantineLine = { reason: r.reason, ref: r.ref };
  if (r.detail !== undefined) (line as Record<string, unknown>).detail = r.detail;
  if (item) Object.assign(line, { v: 1, source: item.source, stream: item.stream, id: item.id, record: item.record });
  else if (r.source) line.source = r.source;
  return line;
}

/**
 * The reader turns read failures into rejects (right for a laptop replay); in the Lambda they must fail the message:
 * an unreadable body, and a gzip cut short or corrupt (the records after the damage would otherwise be lost while
 * the batch counts as detected). Both are retried by SQS, then go to the DLQ.
 */
const READ_FAILURES = new Set(['unreadable-file', 'unreadable-gzip']);

async function* failOnReadError(items: AsyncIterable<RawItem>, uri: string): AsyncGenerator<RawItem> {
  for await (const item of items) {
    if (item.kind === 'reject' && READ_FAILURES.has(item.reject.reason)) throw new BatchReadError(uri, `${item.reject.reason}: ${item.reject.detail ?? 'unreadable'}`);
    yield item;
  }
}
