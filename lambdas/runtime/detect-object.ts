import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { AlertDelivery, DeliveryOutcome } from '../../lib/adapters/alerts/deliver-alerts.ts';
import { publishRecorded, recordAlerts, type RecordedAlerts } from '../../lib/adapters/alerts/deliver-alerts.ts';
import type { BatchSource } from '../../lib/adapters/ports.ts';
import { s3Uri } from '../../lib/adapters/batches/s3-uri.ts';
import { MetricName, count, seconds } from '../../lib/adapters/logging/metrics.ts';
import type { Config } from '../../lib/core/config.ts';
import type { QuarantineLine } from '../../lib/core/envelope.ts';
import type { Reject } from '../../lib/core/event.ts';
import type { StatePort } from '../../lib/core/state.ts';
import { StateConflictError } from '../../lib/core/state.ts';
import { detectBatch } from '../../lib/pipeline/detect-batch.ts';
import type { RawItem, RawRecordItem } from '../../lib/pipeline/raw-item.ts';
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
  /** Whole-batch attempts when another invocation updated the same profiles first (default 4). */
  maxAttempts?: number;
}

export interface DetectObjectSummary {
  bucket: string;
  key: string;
  batchId: string;
  records: number;
  events: number;
  rejects: number;
  alerts: number;
  published: number;
  duplicateAlerts: number;
  unpublished: number;
  stateRetries: number;
}

/** A read failure of the S3 body is transient (the batch is fine): fail the message so SQS retries it. */
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
 * (profiles already holding the batch id count nothing twice).
 */
export async function detectObject(bucket: string, key: string, deps: DetectObjectDeps): Promise<DetectObjectSummary> {
  const uri = s3Uri(bucket, key);
  const source = deps.sourceFor(bucket);
  const maxAttempts = deps.maxAttempts ?? 4;
  for (let attempt = 1; ; attempt++) {
    const quarantine: QuarantineLine[] = [];
    let rejected = 0;
    const onReject = (r: Reject, item?: RawRecordItem): void => {
      rejected++;
      if (quarantine.length < QUARANTINE_CAP) quarantine.push(quarantineLine(r, item));
    };
    try {
      let recorded: RecordedAlerts = { fresh: [], duplicates: [] };
      const outcome = await detectBatch(failOnReadError(readInput({ source, key, name: uri }), uri), {
        state: deps.state,
        config: deps.config,
        clock: { now: deps.now },
        onReject,
        // Alerts are recorded before the state marks the batch as counted; published only after the save.
        beforeSave: async (r) => {
          recorded = await recordAlerts(r.alerts, deps.delivery);
        },
      });
      if (rejected > quarantine.length) {
        quarantine.push({ reason: 'quarantine-truncated', ref: { file: uri, line: 0 }, detail: `${rejected - quarantine.length} more rejects not kept` } as QuarantineLine & { detail: string });
      }
      if (quarantine.length > 0) await deps.quarantine(bucket, key, quarantine);
      const delivered: DeliveryOutcome = await publishRecorded(recorded, deps.delivery);
      const m = deps.metrics;
      count(m, MetricName.RecordsIn, outcome.counts.records);
      count(m, MetricName.Rejects, rejected);
      count(m, MetricName.Alerts, outcome.result.alerts.length);
      count(m, MetricName.AlertsPublished, delivered.published.length);
      count(m, MetricName.DuplicateAlerts, delivered.duplicates.length);
      count(m, MetricName.AlertPublishFailures, delivered.failed.length);
      count(m, MetricName.StateRetries, attempt - 1);
      const collected = collectedAt(key);
      if (collected !== undefined) seconds(m, MetricName.LagSeconds, Math.max(0, (deps.now() - collected) / 1000));
      return {
        bucket, key, batchId: outcome.batchId,
        records: outcome.counts.records, events: outcome.counts.events, rejects: rejected,
        alerts: outcome.result.alerts.length, published: delivered.published.length,
        duplicateAlerts: delivered.duplicates.length, unpublished: delivered.failed.length, stateRetries: attempt - 1,
      };
    } catch (err) {
      if (!(err instanceof StateConflictError) || attempt >= maxAttempts) throw err;
    }
  }
}

function quarantineLine(r: Reject, item?: RawRecordItem): QuarantineLine {
  const line: QuarantineLine = { reason: r.reason, ref: r.ref };
  if (r.detail !== undefined) (line as Record<string, unknown>).detail = r.detail;
  if (item) Object.assign(line, { v: 1, source: item.source, stream: item.stream, id: item.id, record: item.record });
  else if (r.source) line.source = r.source;
  return line;
}

/** The reader turns read failures into rejects (right for a laptop replay); in the Lambda they must fail the message. */
async function* failOnReadError(items: AsyncIterable<RawItem>, uri: string): AsyncGenerator<RawItem> {
  for await (const item of items) {
    if (item.kind === 'reject' && item.reject.reason === 'unreadable-file') throw new BatchReadError(uri, item.reject.detail ?? 'unreadable');
    yield item;
  }
}
