import { LogFormatter, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { Redactor } from '../../sources/http/redact.ts';

/** Attribute names whose values are never printed, whatever they hold. */
const SECRET_KEY = /(token|secret|password|passwd|authorization|private_?key|privatekey|api_?key|cookie|credential|assertion)/i;
/** Credential shapes the shared Redactor does not know: PEM keys and JWTs. */
const EXTRA: readonly [RegExp, string][] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, '[REDACTED PRIVATE KEY]'],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '[REDACTED JWT]'],
];
const REDACTED = '[REDACTED]';
/** Deeper than this, a value is not printed at all: nothing unredacted can hide below the limit. */
export const MAX_LOG_DEPTH = 32;
const TOO_DEEP = `[REDACTED: nested deeper than ${MAX_LOG_DEPTH} levels]`;

/**
 * Powertools' standard JSON log shape with credentials removed: values under secret-sounding keys, known secret
 * values (added at run time, e.g. from Secrets Manager) and credential patterns in any string, errors included.
 * Powertools has no redaction of its own (toolchain.md).
 */
export class RedactingLogFormatter extends LogFormatter {
  constructor(readonly redactor: Redactor = new Redactor()) {
    super();
  }

  override formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    const base = {
      level: attributes.logLevel,
      message: this.text(attributes.message),
      timestamp: this.formatTimestamp(attributes.timestamp),
      service: attributes.serviceName,
      cold_start: attributes.lambdaContext?.coldStart,
      function_arn: attributes.lambdaContext?.invokedFunctionArn,
      function_memory_size: attributes.lambdaContext?.memoryLimitInMB,
      function_name: attributes.lambdaContext?.functionName,
      function_request_id: attributes.lambdaContext?.awsRequestId,
      sampling_rate: attributes.sampleRateValue,
      xray_trace_id: attributes.xRayTraceId,
    };
    return new LogItem({ attributes: base }).addAttributes(this.clean(additional, 0) as LogAttributes);
  }

  override formatError(error: Error): LogAttributes {
    return this.clean(super.formatError(error), 0) as LogAttributes;
  }

  text(s: string): string {
    let out = this.redactor.redact(s);
    for (const [re, to] of EXTRA) out = out.replace(re, to);
    return out;
  }

  private clean(value: unknown, depth: number, seen: WeakSet<object> = new WeakSet()): unknown {
    if (typeof value === 'string') return this.text(value);
    if (value === null || typeof value !== 'object') return value;
    if (depth > MAX_LOG_DEPTH) return TOO_DEEP;
    if (seen.has(value)) return '[circular]';
    seen.add(value);
    // Depth carries on into nested errors, so a long cause chain meets the same limit.
    if (value instanceof Error) return this.clean(super.formatError(value), depth + 1, seen);
    if (Array.isArray(value)) return value.map((v) => this.clean(v, depth + 1, seen));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) && v !== undefined && v !== null ? REDACTED : this.clean(v, depth + 1, seen);
    return out;
  }
}
